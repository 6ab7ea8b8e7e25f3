/**
 * Pure planner for the workload admission policies (K8S-6): Kubernetes-native ValidatingAdmissionPolicies
 * (admissionregistration.k8s.io/v1, GA since 1.30) with CEL rules, one policy per concern so each can be
 * audited or relaxed on its own, and one binding each.
 *
 * The same CEL variables pick the pod spec out of every workload kind: a Pod's `spec`, a CronJob's
 * `spec.jobTemplate.spec.template.spec`, and `spec.template.spec` for Deployment, StatefulSet, DaemonSet,
 * ReplicaSet and Job (recognised by which of those fields exists). Ephemeral containers (kubectl debug) arrive as an UPDATE of `pods/ephemeralcontainers`.
 */
import { ADMISSION_POLICY_PREFIX, MANAGED_BY_LABEL, MANAGED_BY_VALUE, NAMESPACE_NAME_LABEL, SYSTEM_NAMESPACES } from "./constants";
import { ValidatingAdmissionPolicyBindingManifest, ValidatingAdmissionPolicyManifest } from "./manifests";

export const ADMISSION_CHECKS = [
    "allowed-registries",
    "no-latest-tag",
    "require-limits",
    "no-privileged",
    "no-host-namespaces",
    "no-host-path",
] as const;
export type AdmissionCheck = (typeof ADMISSION_CHECKS)[number];

/** The workload kinds the policies cover, by API group, with their plural resource names. */
export const WORKLOAD_RESOURCES: ReadonlyArray<{ readonly apiGroup: string; readonly kinds: Readonly<Record<string, string>> }> = [
    { apiGroup: "", kinds: { Pod: "pods" } },
    {
        apiGroup: "apps",
        kinds: { Deployment: "deployments", StatefulSet: "statefulsets", DaemonSet: "daemonsets", ReplicaSet: "replicasets" },
    },
    { apiGroup: "batch", kinds: { Job: "jobs", CronJob: "cronjobs" } },
];
export const SPEC_CHANGED_CONDITION = "spec-created-or-changed";
export const SPEC_CHANGED_EXPRESSION = "request.operation != 'UPDATE' || object.spec != oldObject.spec";
const EPHEMERAL_SUBRESOURCE = "pods/ephemeralcontainers";

/** A tag (not `latest`) at the end of the last path component, or a sha256 digest. RE2 and JS agree on both. */
export const TAGGED_IMAGE_RE = "^([^/]+/)*[^/:@]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";
export const DIGEST_IMAGE_RE = "@sha256:[a-f0-9]{64}$";

export const CEL_VARIABLES: ReadonlyArray<{ readonly name: string; readonly expression: string }> = [
    {
        name: "podSpec",
        // Chosen by shape, not by `object.kind`, so it does not depend on type metadata in the object:
        // only a CronJob has spec.jobTemplate, only the pod controllers have spec.template.
        expression:
            "has(object.spec.jobTemplate) ? object.spec.jobTemplate.spec.template.spec : (has(object.spec.template) ? object.spec.template.spec : object.spec)",
    },
    { name: "containers", expression: "variables.podSpec.containers" },
    { name: "initContainers", expression: "has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []" },
    { name: "ephemeralContainers", expression: "has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : []" },
    { name: "allContainers", expression: "variables.containers + variables.initContainers + variables.ephemeralContainers" },
];

/** A CEL single-quoted string literal; the callers only pass validated registry hosts. */
function celString(value: string): string {
    if (/['\\\n]/.test(value)) throw new Error(`celString: refusing to quote "${value}"`);
    return `'${value}'`;
}

interface CheckRule {
    readonly expression: string;
    readonly message: string;
}

/** The CEL rule of each check. Each expression is true when the object is allowed. */
export function checkRule(check: AdmissionCheck, allowedRegistries: readonly string[]): CheckRule {
    switch (check) {
        case "allowed-registries": {
            const list = `[${allowedRegistries.map(celString).join(", ")}]`;
            return {
                // The trailing "/" keeps "<allowed host>.evil.example/x" from matching by prefix.
                expression: `variables.allContainers.all(c, ${list}.exists(r, c.image.startsWith(r + '/')))`,
                message: `every image must come from an allowed registry: ${allowedRegistries.join(", ")}`,
            };
        }
        case "no-latest-tag":
            return {
                expression: `variables.allContainers.all(c, c.image.matches('${DIGEST_IMAGE_RE}') || (c.image.matches('${TAGGED_IMAGE_RE}') && !c.image.endsWith(':latest')))`,
                message: "every image must be pinned by a tag other than latest, or by a sha256 digest",
            };
        case "require-limits":
            // Ephemeral containers are excluded: Kubernetes forbids resources on them, so requiring limits
            // would forbid `kubectl debug` altogether. The other checks do cover them.
            return {
                expression:
                    "(variables.containers + variables.initContainers).all(c, has(c.resources) && has(c.resources.limits) && 'cpu' in c.resources.limits && 'memory' in c.resources.limits)",
                message: "every container and init container must set cpu and memory limits",
            };
        case "no-privileged":
            return {
                expression:
                    "variables.allContainers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || c.securityContext.privileged == false)",
                message: "privileged containers are not allowed",
            };
        case "no-host-namespaces":
            return {
                expression: ["hostNetwork", "hostPID", "hostIPC"]
                    .map((f) => `(!has(variables.podSpec.${f}) || variables.podSpec.${f} == false)`)
                    .join(" && "),
                message: "hostNetwork, hostPID and hostIPC are not allowed",
            };
        case "no-host-path":
            return {
                expression: "!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))",
                message: "hostPath volumes are not allowed",
            };
    }
}

export function admissionPolicyName(check: AdmissionCheck): string {
    return `${ADMISSION_POLICY_PREFIX}${check}`;
}

/**
 * Matches every namespace except the system ones (and any exempt ones), by the name label the API server
 * maintains on every namespace and which nobody can change.
 */
export function nonSystemNamespaces(exempt: readonly string[] = []) {
    return {
        matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "NotIn", values: [...new Set([...SYSTEM_NAMESPACES, ...exempt])] }],
    };
}

function resourceRules() {
    const operations = ["CREATE", "UPDATE"];
    return WORKLOAD_RESOURCES.map(({ apiGroup, kinds }) => ({
        apiGroups: [apiGroup],
        apiVersions: ["v1"],
        operations,
        resources: [...Object.values(kinds), ...(apiGroup === "" ? [EPHEMERAL_SUBRESOURCE] : [])],
    }));
}

export function planAdmissionPolicy(check: AdmissionCheck, allowedRegistries: readonly string[]): ValidatingAdmissionPolicyManifest {
    const rule = checkRule(check, allowedRegistries);
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: admissionPolicyName(check), labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            // Fail closed: an evaluation error denies (or, in audit mode, is audited) instead of admitting.
            failurePolicy: "Fail",
            matchConstraints: { resourceRules: resourceRules(), namespaceSelector: nonSystemNamespaces() },
            // An UPDATE that leaves the spec alone (for example `kubectl label pod x quarantine=true`) is
            // not re-judged: a responder must be able to quarantine a pod that predates these policies.
            matchConditions: [{ name: SPEC_CHANGED_CONDITION, expression: SPEC_CHANGED_EXPRESSION }],
            variables: CEL_VARIABLES.map((v) => ({ ...v })),
            validations: [{ expression: rule.expression, message: rule.message, reason: "Forbidden" }],
        },
    };
}

export type ValidationAction = "Deny" | "Audit" | "Warn";

export function validationActions(auditOnly: boolean): ValidationAction[] {
    return auditOnly ? ["Audit", "Warn"] : ["Deny"];
}

export function planAdmissionBinding(
    check: AdmissionCheck,
    auditOnly: boolean,
    exemptNamespaces: readonly string[] = [],
): ValidatingAdmissionPolicyBindingManifest {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: admissionPolicyName(check), labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            policyName: admissionPolicyName(check),
            validationActions: validationActions(auditOnly),
            // The policy itself excludes only the system namespaces; exemptions live on the binding, where
            // `kubectl get validatingadmissionpolicybinding -o yaml` shows them next to the actions.
            matchResources: { namespaceSelector: nonSystemNamespaces(exemptNamespaces) },
        },
    };
}

export function planAdmission(allowedRegistries: readonly string[], auditOnly: boolean, exemptNamespaces: readonly string[] = []) {
    return ADMISSION_CHECKS.map((check) => ({
        check,
        policy: planAdmissionPolicy(check, allowedRegistries),
        binding: planAdmissionBinding(check, auditOnly, exemptNamespaces),
    }));
}
