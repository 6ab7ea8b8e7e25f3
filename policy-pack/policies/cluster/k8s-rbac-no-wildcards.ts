import { resourcePolicy } from "../../lib";
import { subjectOf } from "../shared/podPolicy";
import { ROLE_TYPES, rulesOf } from "../shared/rbac";

const WILDCARD = "*";

/** K8S-5: no wildcard verbs, resources or API groups in Roles and ClusterRoles. */
export const k8sRbacNoWildcards = resourcePolicy({
    name: "k8s-rbac-no-wildcards",
    control: "K8S-5",
    severity: "high",
    layer: "cluster",
    description:
        'Roles and ClusterRoles must list verbs, resources and apiGroups explicitly: no "*" (nor "pods/*"-style subresource wildcards).',
    references: [{ framework: "CIS", id: "4.1.3" }],
    remediation: "replace each wildcard with the explicit verbs, resources and API groups the subject needs",
    resourceTypes: ROLE_TYPES,
    check: (role, ctx) => {
        for (const rule of rulesOf(role, ctx)) {
            const wild = (["verbs", "resources", "apiGroups"] as const).filter((k) => rule[k].some((v) => v.includes(WILDCARD)));
            if (wild.length > 0) {
                ctx.violation(`${subjectOf(role)} rule ${rule.path} uses a wildcard in ${wild.join(", ")}`);
            }
        }
    },
});
