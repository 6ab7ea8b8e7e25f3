import { resourcePolicy } from "../../lib";
import { subjectOf } from "../shared/podPolicy";
import { ROLE_TYPES, RuleView, rulesOf } from "../shared/rbac";

/** Verbs that let a subject gain permissions it does not hold. */
export const ESCALATION_VERBS: readonly string[] = ["escalate", "bind", "impersonate"];
/** Verbs that read Secrets (watch and list return the values too). */
export const SECRET_READ_VERBS: readonly string[] = ["get", "list", "watch"];
const ANY = "*";
const CORE_GROUP = "";

function grants(list: readonly string[], wanted: readonly string[]): string[] {
    return list.includes(ANY) ? [ANY] : list.filter((v) => wanted.includes(v));
}

/** What a rule grants that K8S-5 forbids, as short phrases. */
export function sensitiveGrants(rule: RuleView): string[] {
    const found: string[] = [];
    const escalation = grants(rule.verbs, ESCALATION_VERBS);
    if (escalation.length > 0) {
        found.push(`privilege-escalation verbs (${escalation.join(", ")})`);
    }
    const coreGroup = rule.apiGroups.includes(CORE_GROUP) || rule.apiGroups.includes(ANY);
    const secrets = rule.resources.includes("secrets") || rule.resources.includes(ANY);
    const reads = grants(rule.verbs, SECRET_READ_VERBS);
    if (coreGroup && secrets && reads.length > 0) {
        found.push(`read access to Secrets (${reads.join(", ")})`);
    }
    return found;
}

/** K8S-5: no escalate/bind/impersonate and no Secrets read in Roles and ClusterRoles. */
export const k8sRbacSensitivePermissions = resourcePolicy({
    name: "k8s-rbac-sensitive-permissions",
    control: "K8S-5",
    severity: "high",
    layer: "cluster",
    description: "Roles and ClusterRoles must not grant escalate, bind or impersonate, nor get/list/watch on Secrets.",
    references: [
        { framework: "CIS", id: "4.1.2" },
        { framework: "CIS", id: "4.1.8" },
    ],
    remediation:
        "remove the verbs escalate, bind and impersonate and the Secrets read; a controller that truly needs them carries the annotation secure-baseline.io/exempt-k8s-rbac-sensitive-permissions with a reason and an expiry",
    resourceTypes: ROLE_TYPES,
    check: (role, ctx) => {
        for (const rule of rulesOf(role, ctx)) {
            const found = sensitiveGrants(rule);
            if (found.length > 0) {
                ctx.violation(`${subjectOf(role)} rule ${rule.path} grants ${found.join(" and ")}`);
            }
        }
    },
});
