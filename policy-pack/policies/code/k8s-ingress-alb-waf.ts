import type * as k8s from "@pulumi/kubernetes";
import type { Data, StackResourceView } from "../../lib";
import { asString, isUnknown, readerFor, stackPolicy } from "../../lib";
import { ANNOTATION, INGRESS_CLASS_TYPES, LEGACY_CLASS_ANNOTATION, annotation, servedByAlb } from "../shared/alb";
import { subjectOf } from "../shared/podPolicy";
import { INGRESS_TYPES } from "./k8s-ingress-tls";

/** The controller's WAFv2 annotation; `waf-acl-id` is WAF Classic, which CODE-3's managed rule groups do not exist in. */
export const WAFV2_ACL_ANNOTATION = "alb.ingress.kubernetes.io/wafv2-acl-arn";
export const WAF_CLASSIC_ANNOTATION = "alb.ingress.kubernetes.io/waf-acl-id";
/** A regional WAFv2 web ACL ARN (ALBs take only regional ACLs), any partition. */
const REGIONAL_WEB_ACL_ARN = /^arn:aws(-[a-z]+)*:wafv2:[a-z]{2}(-[a-z]+)+-\d:\d{12}:regional\/webacl\/[A-Za-z0-9_-]{1,128}\/[A-Za-z0-9-]+$/;
const INGRESS_CLASS_PARAMS_TYPES: readonly string[] = ["kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams"];

/**
 * The fields read of the controller's IngressClassParams (elbv2.k8s.aws/v1beta1), a custom resource
 * with no type in @pulumi/kubernetes: written from the controller's CRD.
 */
interface IngressClassParamsFields {
    readonly metadata?: { readonly name?: string };
    readonly spec?: { readonly scheme?: string };
}

const ingress = readerFor<k8s.networking.v1.IngressArgs>();
const ingressClass = readerFor<k8s.networking.v1.IngressClassArgs>();
const classParams = readerFor<IngressClassParamsFields>();

/**
 * The scheme an IngressClassParams of the stack forces on the Ingress's class (it overrides the annotation),
 * or undefined. The class is the Ingress's own, by name, or the stack's default ALB class.
 */
function classParamsScheme(className: string | undefined, stack: readonly StackResourceView[]): Data {
    const classes = stack.filter((s) => INGRESS_CLASS_TYPES.includes(s.type));
    const cls = classes.find((c) =>
        className !== undefined
            ? asString(ingressClass(c.props, "metadata", "name")) === className
            : asString(ingressClass(c.props, "metadata", "annotations", "ingressclass.kubernetes.io/is-default-class")) === "true",
    );
    if (cls === undefined) return undefined;
    const params = ingressClass(cls.props, "spec", "parameters");
    if (isUnknown(params)) return params;
    if (asString(ingressClass(cls.props, "spec", "parameters", "kind")) !== "IngressClassParams") return undefined;
    const name = asString(ingressClass(cls.props, "spec", "parameters", "name"));
    const p = stack.find((s) => INGRESS_CLASS_PARAMS_TYPES.includes(s.type) && asString(classParams(s.props, "metadata", "name")) === name);
    return p === undefined ? undefined : classParams(p.props, "spec", "scheme");
}

/**
 * CODE-3 for load balancers a cluster makes: the AWS Load Balancer Controller creates an ALB for an Ingress
 * and puts it behind the WAFv2 web ACL its `alb.ingress.kubernetes.io/wafv2-acl-arn` annotation names, and
 * behind nothing otherwise. So an internet-facing ALB Ingress (scheme annotation, or an IngressClassParams of
 * its class with scheme internet-facing) must name a regional web ACL; empty, WAF Classic only, or not a
 * regional WAFv2 ACL ARN is a violation. `allowedWebAclArnPrefixes` narrows which ACLs count.
 */
export const k8sIngressAlbWaf = stackPolicy({
    name: "k8s-ingress-alb-waf",
    control: "CODE-3",
    severity: "high",
    layer: "code",
    description:
        "Internet-facing Ingresses served by the AWS Load Balancer Controller must name a regional WAFv2 web ACL in alb.ingress.kubernetes.io/wafv2-acl-arn (WAF Classic's waf-acl-id does not count).",
    references: [{ framework: "FSBP", id: "ELB.16" }],
    remediation: `set the annotation ${WAFV2_ACL_ANNOTATION} to the stack's web ACL ARN (EdgeProtection.webAclArn), or make the Ingress internal (${ANNOTATION.scheme}: internal)`,
    config: {
        allowedWebAclArnPrefixes: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "When not empty, the web ACL ARN must start with one of these (e.g. arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge-web-acl/).",
        },
    },
    subjectTypes: INGRESS_TYPES,
    check: (r, stack, ctx) => {
        const served = servedByAlb(r, stack.resources);
        if (served !== true) {
            ctx.isUnknown(served as never, "spec.ingressClassName");
            return;
        }
        const schemeValue = annotation(r, ANNOTATION.scheme);
        if (ctx.isUnknown(schemeValue, `metadata.annotations["${ANNOTATION.scheme}"]`)) return;
        const className = asString(ingress(r.props, "spec", "ingressClassName")) ?? asString(annotation(r, LEGACY_CLASS_ANNOTATION));
        const forced = classParamsScheme(className, stack.resources);
        if (ctx.isUnknown(forced, "IngressClass spec.parameters / IngressClassParams spec.scheme")) return;
        const scheme = (asString(forced) ?? asString(schemeValue) ?? "internal").trim().toLowerCase();
        // Anything but "internal" is treated as internet-facing: the controller refuses other values, the pack fails closed.
        if (scheme === "internal") return;

        const acl = annotation(r, WAFV2_ACL_ANNOTATION);
        if (ctx.isUnknown(acl, `metadata.annotations["${WAFV2_ACL_ANNOTATION}"]`)) return;
        const value = (asString(acl) ?? "").trim();
        const where = `${subjectOf(r)} (internet-facing ALB)`;
        if (value === "") {
            const classic =
                asString(annotation(r, WAF_CLASSIC_ANNOTATION)) !== undefined
                    ? ` (${WAF_CLASSIC_ANNOTATION} is WAF Classic, which has none of the managed rule groups CODE-3 requires)`
                    : "";
            ctx.violation(`${where} names no WAFv2 web ACL in ${WAFV2_ACL_ANNOTATION}, so its load balancer is not behind WAF${classic}`);
            return;
        }
        if (!REGIONAL_WEB_ACL_ARN.test(value)) {
            ctx.violation(
                `${where} annotation ${WAFV2_ACL_ANNOTATION} ${JSON.stringify(value.slice(0, 120))} is not a regional WAFv2 web ACL ARN`,
            );
            return;
        }
        const allowed = ctx.configStrings("allowedWebAclArnPrefixes");
        if (allowed.length > 0 && !allowed.some((p) => value.startsWith(p))) {
            ctx.violation(`${where} names web ACL ${value}, which is not one of allowedWebAclArnPrefixes (${allowed.join(", ")})`);
        }
    },
});
