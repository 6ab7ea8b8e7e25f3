import { resourcePolicy } from "../../lib";
import { subjectOf } from "../shared/podPolicy";
import { ROLE_TYPES, rulesOf } from "../shared/rbac";
import { dangerousGrants, describeGrants } from "../shared/rbacGrants";

/** K8S-5: no rule of a Role or ClusterRole grants a permission on the dangerous list (shared/rbacGrants.ts). */
export const k8sRbacSensitivePermissions = resourcePolicy({
    name: "k8s-rbac-sensitive-permissions",
    control: "K8S-5",
    severity: "high",
    layer: "cluster",
    description:
        "Roles and ClusterRoles must not grant escalate, bind, impersonate, pods/exec, pods/attach, pods/portforward, pods/ephemeralcontainers, serviceaccounts/token create, nodes/proxy, get/list/watch on Secrets without resourceNames, admission webhook configuration writes or certificate signing request approval (wildcards count).",
    references: [
        { framework: "CIS", id: "4.1.2" },
        { framework: "CIS", id: "4.1.8" },
    ],
    remediation:
        "remove the permission (limit Secrets reads to named Secrets with resourceNames); a controller that truly needs it carries the annotation secure-baseline.io/exempt-k8s-rbac-sensitive-permissions with a reason and an expiry",
    resourceTypes: ROLE_TYPES,
    check: (role, ctx) => {
        for (const rule of rulesOf(role, ctx)) {
            const found = dangerousGrants(rule);
            if (found.length > 0) {
                ctx.violation(`${subjectOf(role)} rule ${rule.path} grants ${describeGrants(found)}`);
            }
        }
    },
});
