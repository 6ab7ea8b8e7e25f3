/**
 * CODE-3 in the cluster: a ValidatingAdmissionPolicy that denies, outside the system namespaces, an
 * internet-facing Ingress of the AWS Load Balancer Controller whose web-ACL annotation does not name this
 * stack's WAF web ACL. The controller puts the ALB it makes behind the ACL that annotation names, so the
 * annotation is the only way such an ALB gets WAF.
 *
 * Facts from the controller's annotation reference
 * (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/):
 * `alb.ingress.kubernetes.io/wafv2-acl-arn` names the WAFv2 web ACL (`waf-acl-id` is WAF Classic, not
 * accepted here); `alb.ingress.kubernetes.io/scheme` is `internet-facing` or `internal`, default internal;
 * an Ingress is the controller's by `spec.ingressClassName` naming an IngressClass whose controller is
 * `ingress.k8s.aws/alb` (the chart's class is `alb`), or by the legacy `kubernetes.io/ingress.class: alb`.
 *
 * What admission cannot see, and the choice made: an IngressClass's controller and its IngressClassParams
 * live in other objects. So (1) an Ingress with no class at all is judged as the controller's (it may be
 * the default class; an internal one still passes), (2) classes are the controller's by name
 * (`albIngressClasses`, default ["alb"]), and (3) a class whose IngressClassParams set
 * `scheme: internet-facing` must be listed in `internetFacingIngressClasses`, its Ingresses then count as
 * internet-facing whatever their annotation says. Any scheme annotation other than `internal` counts as
 * internet-facing (fail closed).
 *
 * The ACL's ARN ends in an id AWS generates (unknown at preview), so the policy matches the ARN prefix
 * `arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/`, known at preview because the ACL's
 * name is fixed, followed by an id.
 */
import { ADMISSION_POLICY_PREFIX, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from "./constants";
import { ValidatingAdmissionPolicyBindingManifest, ValidatingAdmissionPolicyManifest } from "./manifests";
import { nonSystemNamespaces, validationActions } from "./admissionPlan";
import { Problem } from "../common/validation";

export const WAFV2_ACL_ANNOTATION = "alb.ingress.kubernetes.io/wafv2-acl-arn";
export const SCHEME_ANNOTATION = "alb.ingress.kubernetes.io/scheme";
export const LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
export const DEFAULT_ALB_INGRESS_CLASSES: readonly string[] = ["alb"];
export const EDGE_ADMISSION_POLICY = `${ADMISSION_POLICY_PREFIX}alb-ingress-waf`;

/** A regional WAFv2 web ACL ARN prefix, up to and including the "/" before the generated id. */
export const WEB_ACL_ARN_PREFIX = /^arn:aws(-[a-z]+)*:wafv2:[a-z]{2}(-[a-z]+)+-\d:\d{12}:regional\/webacl\/[A-Za-z0-9_-]{1,128}\/$/;
/** An IngressClass name (DNS subdomain). */
const CLASS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export interface EdgeAdmissionArgs {
    /** `arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/` of the stack's web ACL. */
    readonly webAclArnPrefix: string;
    /** IngressClass names whose controller is the AWS Load Balancer Controller. @default ["alb"] */
    readonly albIngressClasses?: readonly string[];
    /** Of those, the classes whose IngressClassParams make every ALB internet-facing. @default [] */
    readonly internetFacingIngressClasses?: readonly string[];
}

/** A CEL single-quoted string; callers pass only validated values. */
function cel(value: string): string {
    if (/['\\\n]/.test(value)) throw new Error(`edgeAdmission: refusing to quote "${value}"`);
    return `'${value}'`;
}
const celList = (values: readonly string[]) => `[${values.map(cel).join(", ")}]`;
/** The value of annotation `key`, or '' when absent. */
const annotation = (key: string) =>
    `(has(object.metadata.annotations) && ${cel(key)} in object.metadata.annotations ? object.metadata.annotations[${cel(key)}] : '')`;

export function edgeAdmissionVariables(args: EdgeAdmissionArgs): Array<{ name: string; expression: string }> {
    const classes = celList(args.albIngressClasses ?? DEFAULT_ALB_INGRESS_CLASSES);
    const publicClasses = celList(args.internetFacingIngressClasses ?? []);
    const prefix = cel(args.webAclArnPrefix);
    return [
        { name: "className", expression: "has(object.spec.ingressClassName) ? object.spec.ingressClassName : ''" },
        { name: "legacyClass", expression: annotation(LEGACY_CLASS_ANNOTATION) },
        {
            name: "isAlb",
            expression: `(variables.className == '' && variables.legacyClass == '') || variables.className in ${classes} || variables.legacyClass in ${classes}`,
        },
        { name: "scheme", expression: `${annotation(SCHEME_ANNOTATION)}.trim().lowerAscii()` },
        {
            name: "internetFacing",
            expression: `(variables.scheme != '' && variables.scheme != 'internal') || (variables.className != '' && variables.className in ${publicClasses})`,
        },
        { name: "acl", expression: `${annotation(WAFV2_ACL_ANNOTATION)}.trim()` },
        {
            name: "namesOurAcl",
            expression: `variables.acl.startsWith(${prefix}) && variables.acl.substring(${args.webAclArnPrefix.length}).matches('^[A-Za-z0-9-]+$')`,
        },
    ];
}

export function planEdgeAdmissionPolicy(args: EdgeAdmissionArgs): ValidatingAdmissionPolicyManifest {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: EDGE_ADMISSION_POLICY, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [
                    { apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] },
                ],
                namespaceSelector: nonSystemNamespaces(),
            },
            variables: edgeAdmissionVariables(args),
            validations: [
                {
                    expression: "!(variables.isAlb && variables.internetFacing) || variables.namesOurAcl",
                    message: `an internet-facing ALB Ingress must carry the annotation ${WAFV2_ACL_ANNOTATION} naming this cluster's WAF web ACL (${args.webAclArnPrefix}<id>)`,
                    reason: "Forbidden",
                },
            ],
        },
    };
}

export function planEdgeAdmissionBinding(
    auditOnly: boolean,
    exemptNamespaces: readonly string[],
): ValidatingAdmissionPolicyBindingManifest {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: EDGE_ADMISSION_POLICY, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            policyName: EDGE_ADMISSION_POLICY,
            validationActions: validationActions(auditOnly),
            matchResources: { namespaceSelector: nonSystemNamespaces(exemptNamespaces) },
        },
    };
}

/** The first problem with the edge admission arguments (argument path, value, what is allowed), or undefined. */
export function edgeAdmissionArgsError(args: EdgeAdmissionArgs): Problem | undefined {
    if (typeof args.webAclArnPrefix !== "string" || !WEB_ACL_ARN_PREFIX.test(args.webAclArnPrefix)) {
        return {
            path: ["edge", "webAclArnPrefix"],
            value: args.webAclArnPrefix,
            problem: "is not a regional WAFv2 web ACL ARN prefix",
            allowed: 'use "arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/"',
        };
    }
    for (const key of ["albIngressClasses", "internetFacingIngressClasses"] as const) {
        for (const [i, c] of (args[key] ?? []).entries()) {
            if (typeof c !== "string" || !CLASS_NAME.test(c)) {
                return {
                    path: ["edge", key, i],
                    value: c,
                    problem: "is not an IngressClass name",
                    allowed: 'use a lowercase DNS subdomain such as "alb"',
                };
            }
        }
    }
    const albClasses = args.albIngressClasses ?? DEFAULT_ALB_INGRESS_CLASSES;
    for (const [i, c] of (args.internetFacingIngressClasses ?? []).entries()) {
        if (!albClasses.includes(c)) {
            return {
                path: ["edge", "internetFacingIngressClasses", i],
                value: c,
                problem: `is not one of albIngressClasses (${albClasses.join(", ")})`,
                allowed: "use one of those, or add it to albIngressClasses",
            };
        }
    }
    return undefined;
}
