/**
 * RBAC helpers shared by the K8S-5 policies: reading rules and subjects (fail closed on unknown
 * or malformed lists), and resolving what a binding's roleRef grants: roles of the program,
 * built-in roles (shared/rbacBuiltins.ts) and ClusterRoles that aggregate others by label.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { CheckContext, Data, ResourceView, StackResourceView } from "../../lib";
import { Unknown, asArray, asRecord, asString, findUnknown, isUnknown, readerFor } from "../../lib";
import { effectiveNamespace, withPatchTypes } from "./kubernetes";
import { BUILTIN_ROLES, BuiltinRole } from "./rbacBuiltins";
import { RuleView } from "./rbacGrants";

export type { RuleView } from "./rbacGrants";

/** The RBAC kinds in every apiVersion the Kubernetes SDK offers (withPatchTypes adds the older ones). */
const kinds = (...names: string[]): readonly string[] => withPatchTypes(names.map((n) => `kubernetes:rbac.authorization.k8s.io/v1:${n}`));
export const ROLE_TYPES: readonly string[] = kinds("Role", "ClusterRole");
export const BINDING_TYPES: readonly string[] = kinds("RoleBinding", "ClusterRoleBinding");

const roleRead = readerFor<k8s.rbac.v1.ClusterRoleArgs>();
const ruleRead = readerFor<k8s.types.input.rbac.v1.PolicyRule>();
const bindingRead = readerFor<k8s.rbac.v1.RoleBindingArgs>();
const subjectRead = readerFor<k8s.types.input.rbac.v1.Subject>();
const selectorRead = readerFor<k8s.types.input.meta.v1.LabelSelector>();

/** A string or a list of strings; anything else is malformed (undefined). Absent is []. */
function stringList(value: Data): string[] | undefined {
    if (value === undefined || value === null) return [];
    if (typeof value === "string") return [value];
    if (!Array.isArray(value)) return undefined;
    return value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

/** Short kind + name of a resource for messages: `ClusterRole "edit"`. */
export function roleLabel(resource: ResourceView): string {
    const kind =
        resource.type
            .split(":")
            .pop()
            ?.replace(/Patch$/, "") ?? resource.type;
    return `${kind} "${asString(roleRead(resource.props, "metadata", "name")) ?? resource.name}"`;
}

export interface RulesRead {
    readonly rules: RuleView[];
    /** Paths whose value is unknown at preview. */
    readonly unknown: string[];
    /** Paths whose value is not a list of strings (or rules not a list of objects). */
    readonly malformed: string[];
}

/** The rules of a role's `rules` value, without reporting. */
export function readRules(rulesValue: Data, via?: string): RulesRead {
    const out: RulesRead = { rules: [], unknown: [], malformed: [] };
    if (isUnknown(rulesValue)) {
        out.unknown.push("rules");
        return out;
    }
    if (rulesValue !== undefined && rulesValue !== null && !Array.isArray(rulesValue)) {
        out.malformed.push("rules");
        return out;
    }
    asArray(rulesValue).forEach((rule, index) => {
        const path = `rules.${index}`;
        if (asRecord(rule) === undefined) {
            out.malformed.push(path);
            return;
        }
        const keys = ["apiGroups", "resources", "verbs", "resourceNames"] as const;
        const values = keys.map((k) => ruleRead(rule, k));
        const unknownAt = keys.filter((_, i) => findUnknown(values[i]) !== undefined);
        if (unknownAt.length > 0) {
            unknownAt.forEach((k) => out.unknown.push(`${path}.${k}`));
            return;
        }
        const lists = values.map(stringList);
        const bad = keys.filter((_, i) => lists[i] === undefined);
        if (bad.length > 0) {
            bad.forEach((k) => out.malformed.push(`${path}.${k}`));
            return;
        }
        const [apiGroups, resources, verbs, resourceNames] = lists as string[][];
        out.rules.push({ index, path, apiGroups, resources, verbs, resourceNames, via });
    });
    return out;
}

/**
 * The rules of a Role or ClusterRole, each with its lists known. Unknown lists are recorded
 * through ctx (fail closed); malformed ones are violations naming the property. A ClusterRole
 * with an aggregationRule gets its rules from the aggregated roles (the controller overwrites
 * `rules`), and those roles are checked themselves: no rules are returned for it.
 */
export function rulesOf(role: ResourceView, ctx: CheckContext): RuleView[] {
    const aggregation = roleRead(role.props, "aggregationRule");
    if (aggregation !== undefined && aggregation !== null) {
        return [];
    }
    const read = readRules(roleRead(role.props, "rules"));
    read.unknown.forEach((p) => ctx.isUnknown(new Unknown(p), p));
    read.malformed.forEach((p) =>
        ctx.violation(
            `${roleLabel(role)} ${p} is malformed (expected a list of strings, or a list of rule objects for rules), so what it grants cannot be judged`,
        ),
    );
    return read.rules;
}

export interface SubjectView {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
}

/** The subjects of a binding; an unknown list or subject is recorded (fails closed) and skipped. */
export function subjectsOf(binding: ResourceView, ctx: CheckContext): SubjectView[] {
    const subjects = bindingRead(binding.props, "subjects");
    if (ctx.isUnknown(subjects, "subjects")) {
        return [];
    }
    const out: SubjectView[] = [];
    asArray(subjects).forEach((s: Data, i) => {
        if (ctx.containsUnknown([subjectRead(s, "kind"), subjectRead(s, "name"), subjectRead(s, "namespace")], `subjects.${i}`)) {
            return;
        }
        out.push({
            kind: asString(subjectRead(s, "kind")) ?? "",
            name: asString(subjectRead(s, "name")) ?? "",
            namespace: asString(subjectRead(s, "namespace")),
        });
    });
    return out;
}

export function describeSubject(s: SubjectView): string {
    return `${s.kind} "${s.namespace ? `${s.namespace}/` : ""}${s.name}"`;
}

/** `Group:name`, `User:name`, `ServiceAccount:namespace/name`: the form the allowlists use. */
export function subjectKey(s: SubjectView): string {
    return `${s.kind}:${s.kind === "ServiceAccount" ? `${s.namespace ?? ""}/` : ""}${s.name}`;
}

// ---- Resolving what a roleRef grants --------------------------------------------------------

type Selector = {
    readonly labels: Readonly<Record<string, string>>;
    readonly expressions: readonly { key: string; operator: string; values: readonly string[] }[];
};

interface RoleNode {
    readonly kind: "Role" | "ClusterRole";
    readonly name: string;
    /** Role namespace; undefined for ClusterRoles and for Roles whose namespace is unknown. */
    readonly namespace?: string;
    readonly label: string;
    /** undefined: labels unknown at preview (matched by every selector: fail closed). */
    readonly labels?: Readonly<Record<string, string>>;
    /** undefined: not aggregated. */
    readonly selectors?: readonly Selector[];
    readonly rules: RulesRead;
}

function builtinNode(b: BuiltinRole): RoleNode {
    return {
        kind: b.namespace === undefined ? "ClusterRole" : "Role",
        name: b.name,
        namespace: b.namespace,
        label: `built-in ${b.namespace === undefined ? "ClusterRole" : "Role"} "${b.name}"`,
        labels: b.labels,
        selectors: b.selectors?.map((m) => ({ labels: m, expressions: [] })),
        rules: {
            rules: b.rules.map((r, index) => ({ index, path: `rules.${index}`, resourceNames: [], ...r })),
            unknown: [],
            malformed: [],
        },
    };
}

function readSelector(value: Data, path: string, rules: RulesRead): Selector | undefined {
    if (findUnknown(value) !== undefined) {
        rules.unknown.push(path);
        return undefined;
    }
    const labels = asRecord(selectorRead(value, "matchLabels")) ?? {};
    const expressions = asArray(selectorRead(value, "matchExpressions")).map((e) => ({
        key: asString(at2(e, "key")) ?? "",
        operator: asString(at2(e, "operator")) ?? "",
        values: stringList(at2(e, "values")) ?? [],
    }));
    const ok =
        asRecord(value) !== undefined &&
        Object.values(labels).every((v) => typeof v === "string") &&
        expressions.every((e) => ["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator));
    if (!ok) {
        rules.malformed.push(path);
        return undefined;
    }
    return { labels: labels as Record<string, string>, expressions };
}

const exprRead = readerFor<k8s.types.input.meta.v1.LabelSelectorRequirement>();
function at2(e: Data, key: "key" | "operator" | "values"): Data {
    return exprRead(e, key);
}

function programNode(r: StackResourceView): RoleNode {
    const kind = r.type.includes(":ClusterRole") ? "ClusterRole" : "Role";
    const aggregation = roleRead(r.props, "aggregationRule");
    const rules: RulesRead =
        aggregation === undefined || aggregation === null
            ? readRules(roleRead(r.props, "rules"), roleLabel(r))
            : { rules: [], unknown: [], malformed: [] };
    let selectors: Selector[] | undefined;
    if (isUnknown(aggregation)) {
        rules.unknown.push("aggregationRule");
        selectors = [];
    } else if (aggregation !== undefined && aggregation !== null) {
        const list = roleRead(r.props, "aggregationRule", "clusterRoleSelectors");
        if (isUnknown(list)) rules.unknown.push("aggregationRule.clusterRoleSelectors");
        selectors = asArray(list)
            .map((s, i) => readSelector(s, `aggregationRule.clusterRoleSelectors.${i}`, rules))
            .filter((s): s is Selector => s !== undefined);
    }
    const labelsValue = roleRead(r.props, "metadata", "labels");
    const ns = kind === "Role" ? effectiveNamespace(r).value : undefined;
    return {
        kind,
        name: asString(roleRead(r.props, "metadata", "name")) ?? r.name,
        namespace: typeof ns === "string" ? ns : undefined,
        label: roleLabel(r),
        labels: findUnknown(labelsValue) !== undefined ? undefined : ((asRecord(labelsValue) ?? {}) as Record<string, string>),
        selectors,
        rules,
    };
}

function selects(sel: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
    if (labels === undefined) return true;
    if (!Object.entries(sel.labels).every(([k, v]) => labels[k] === v)) return false;
    return sel.expressions.every((e) => {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        switch (e.operator) {
            case "In":
                return has && e.values.includes(labels[e.key]);
            case "NotIn":
                return !has || !e.values.includes(labels[e.key]);
            case "Exists":
                return has;
            default:
                return !has;
        }
    });
}

export interface Resolution {
    /** Every rule the reference reaches, each with `via` naming the roles on the way. */
    readonly rules: RuleView[];
    /** `<path> of <role>` strings unknown at preview. */
    readonly unknown: string[];
    /** `<role> <path>` strings that are malformed. */
    readonly malformed: string[];
    /** Whether the reference matched no role of the program nor a built-in. */
    readonly unresolved: boolean;
}

/** The roles of the program (every RBAC apiVersion, Patch kinds included) and the built-ins. */
export class RoleUniverse {
    private readonly nodes: RoleNode[];

    constructor(resources: readonly StackResourceView[]) {
        this.nodes = [...resources.filter((r) => ROLE_TYPES.includes(r.type)).map(programNode), ...BUILTIN_ROLES.map(builtinNode)];
    }

    /** What a roleRef grants; `namespace` is the binding's (for kind Role), undefined when unknown. */
    resolve(kind: string, name: string, namespace: string | undefined): Resolution {
        const out: Resolution = { rules: [], unknown: [], malformed: [], unresolved: false };
        const roots = this.nodes.filter(
            (n) =>
                n.kind === kind &&
                n.name === name &&
                (kind === "ClusterRole" || namespace === undefined || n.namespace === undefined || n.namespace === namespace),
        );
        const seen = new Set<RoleNode>();
        const visit = (n: RoleNode, via: string): void => {
            if (seen.has(n)) return;
            seen.add(n);
            n.rules.unknown.forEach((p) => out.unknown.push(`${p} of ${n.label}`));
            n.rules.malformed.forEach((p) => out.malformed.push(`${n.label} ${p}`));
            n.rules.rules.forEach((r) => out.rules.push({ ...r, via }));
            if (n.selectors === undefined) return;
            for (const m of this.nodes) {
                if (m !== n && m.kind === "ClusterRole" && n.selectors.some((s) => selects(s, m.labels))) {
                    visit(m, `${via} ← ${m.label}`);
                }
            }
        };
        roots.forEach((r) => visit(r, r.label));
        return { ...out, unresolved: roots.length === 0 };
    }
}
