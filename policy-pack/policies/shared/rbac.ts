/** RBAC helpers shared by the K8S-5 policies. */
import type { CheckContext, Data, ResourceView } from "../../lib";
import { asArray, asString, asStringList, at } from "../../lib";
import { withPatchTypes } from "./kubernetes";

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
export const ROLE_TYPES: readonly string[] = withPatchTypes([`${RBAC}:Role`, `${RBAC}:ClusterRole`]);
export const BINDING_TYPES: readonly string[] = withPatchTypes([`${RBAC}:RoleBinding`, `${RBAC}:ClusterRoleBinding`]);

export interface RuleView {
    readonly index: number;
    readonly path: string;
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
}

/**
 * The rules of a Role or ClusterRole, each with its lists known. A rule with an unknown
 * list is recorded through ctx (fails closed) and skipped. A ClusterRole with an
 * aggregationRule gets its rules from the aggregated roles (the controller overwrites
 * `rules`), and those roles are checked themselves: no rules are returned for it.
 */
export function rulesOf(role: ResourceView, ctx: CheckContext): RuleView[] {
    const aggregation = at(role.props, "aggregationRule");
    if (aggregation !== undefined && aggregation !== null) {
        return [];
    }
    const rules = at(role.props, "rules");
    if (ctx.isUnknown(rules, "rules")) {
        return [];
    }
    const out: RuleView[] = [];
    asArray(rules).forEach((rule, index) => {
        const path = `rules.${index}`;
        const lists = ["apiGroups", "resources", "verbs"].map((k) => at(rule, k));
        if (ctx.containsUnknown(lists, path)) {
            return;
        }
        const [apiGroups, resources, verbs] = lists.map(asStringList);
        out.push({ index, path, apiGroups, resources, verbs });
    });
    return out;
}

export interface SubjectView {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
}

/** The subjects of a binding; an unknown list or subject is recorded (fails closed) and skipped. */
export function subjectsOf(binding: ResourceView, ctx: CheckContext): SubjectView[] {
    const subjects = at(binding.props, "subjects");
    if (ctx.isUnknown(subjects, "subjects")) {
        return [];
    }
    const out: SubjectView[] = [];
    asArray(subjects).forEach((s: Data, i) => {
        if (ctx.containsUnknown([at(s, "kind"), at(s, "name")], `subjects.${i}`)) {
            return;
        }
        out.push({ kind: asString(at(s, "kind")) ?? "", name: asString(at(s, "name")) ?? "", namespace: asString(at(s, "namespace")) });
    });
    return out;
}

export function describeSubject(s: SubjectView): string {
    return `${s.kind} "${s.namespace ? `${s.namespace}/` : ""}${s.name}"`;
}
