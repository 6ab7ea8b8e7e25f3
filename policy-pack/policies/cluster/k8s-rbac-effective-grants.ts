import type * as k8s from "@pulumi/kubernetes";
import { Unknown, asString, firstMatchPattern, readerFor, stackPolicy } from "../../lib";
import { effectiveNamespace, isPatchType } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";
import { BINDING_TYPES, RoleUniverse, describeSubject, subjectKey, subjectsOf } from "../shared/rbac";
import { dangerousGrants, describeGrants } from "../shared/rbacGrants";

const bindingRead = readerFor<k8s.rbac.v1.RoleBindingArgs>();
const ROLE_KINDS = ["Role", "ClusterRole"];

/**
 * K8S-5: what a RoleBinding or ClusterRoleBinding really grants (roles of the program, built-in
 * roles, ClusterRoles aggregated by label) holds nothing on the dangerous list, unless every
 * subject is on the allowlist.
 */
export const k8sRbacEffectiveGrants = stackPolicy({
    name: "k8s-rbac-effective-grants",
    control: "K8S-5",
    severity: "high",
    layer: "cluster",
    description:
        "RoleBindings and ClusterRoleBindings must not grant, through the role they reference (a Role or ClusterRole of the program, a built-in role such as cluster-admin, admin, edit or a system: role, or a ClusterRole that aggregates others by label), escalate, bind, impersonate, pods/exec, pods/attach, pods/portforward, pods/ephemeralcontainers, serviceaccounts/token create, nodes/proxy, Secrets reads without resourceNames, admission webhook configuration writes or certificate signing request approval, except to subjects on the allowlist.",
    references: [
        { framework: "CIS", id: "4.1.1" },
        { framework: "CIS", id: "4.1.2" },
        { framework: "CIS", id: "4.1.8" },
    ],
    remediation:
        "bind a role without these permissions (the baseline's view, deploy or edit Roles), or list the subject in allowedSubjects of the pack config with a reason",
    config: {
        allowedSubjects: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Subjects that may hold dangerous permissions, as Kind:name (Group:ops, User:alice) or ServiceAccount:namespace/name; * and ? match any characters.",
        },
    },
    subjectTypes: BINDING_TYPES,
    check: (binding, stack, ctx) => {
        const kindValue = bindingRead(binding.props, "roleRef", "kind");
        const nameValue = bindingRead(binding.props, "roleRef", "name");
        if (ctx.isUnknown(kindValue, "roleRef.kind") || ctx.isUnknown(nameValue, "roleRef.name")) {
            return;
        }
        const kind = asString(kindValue);
        const name = asString(nameValue);
        if (kind === undefined && name === undefined && isPatchType(binding.type)) {
            return; // a patch that leaves roleRef as it is
        }
        if (kind === undefined || name === undefined || !ROLE_KINDS.includes(kind)) {
            ctx.violation(
                `${subjectOf(binding)} roleRef is malformed (kind ${JSON.stringify(kind ?? null)}, name ${JSON.stringify(name ?? null)}): it must name a Role or ClusterRole`,
            );
            return;
        }
        const ns = effectiveNamespace(binding).value;
        const resolution = new RoleUniverse(stack.resources).resolve(kind, name, typeof ns === "string" ? ns : undefined);
        resolution.malformed.forEach((m) =>
            ctx.violation(`${subjectOf(binding)} references ${m}, which is malformed, so what it grants cannot be judged`),
        );
        resolution.unknown.forEach((u) => ctx.isUnknown(new Unknown(u), u));
        if (resolution.unresolved) {
            ctx.note(
                `${subjectOf(binding)} references ${kind} "${name}", which is neither in this program nor a built-in role: what it grants cannot be verified here`,
            );
            return;
        }
        const findings = resolution.rules.flatMap((r) => dangerousGrants(r).map((g) => ({ g, via: r.via ?? "" })));
        if (findings.length === 0) {
            return;
        }
        const subjects = subjectsOf(binding, ctx);
        const allowed = ctx.configStrings("allowedSubjects");
        const outside = subjects.filter((s) => firstMatchPattern(subjectKey(s), allowed) === undefined);
        if (outside.length === 0) {
            return;
        }
        const vias = [...new Set(findings.map((f) => f.via))].join("; ");
        ctx.violation(
            `${subjectOf(binding)} grants ${describeGrants(findings.map((f) => f.g))} (through ${vias}) to ${outside.map(describeSubject).join(", ")}, not on the allowedSubjects list`,
        );
    },
});
