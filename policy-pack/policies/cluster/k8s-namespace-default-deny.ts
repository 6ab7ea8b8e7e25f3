import type { CheckContext, Data, StackResourceView } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { Unknown, asArray, asRecord, asStringList, findUnknown, isUnknown, readerFor, stackPolicy } from "../../lib";
import { withOlderVersions } from "../shared/apiVersions";
import { namespaceLabel, resourcesInNamespace, undecidedInNamespace } from "../shared/namespaces";

export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
/** NetworkPolicy in every apiVersion (networking.k8s.io/v1 and extensions/v1beta1). */
export const NETWORK_POLICY_OBJECT_TYPES: readonly string[] = withOlderVersions(["kubernetes:networking.k8s.io/v1:NetworkPolicy"]);
export const DIRECTIONS = ["Ingress", "Egress"] as const;
const spec = readerFor<k8s.types.input.networking.v1.NetworkPolicySpec>();
const netpol = readerFor<k8s.networking.v1.NetworkPolicyArgs>();
export type Direction = (typeof DIRECTIONS)[number];

/** Where a direction's rules live in a NetworkPolicy spec. */
const RULES_FIELD = { Ingress: "ingress", Egress: "egress" } as const;

function isEmptySelector(selector: Data): boolean {
    const s = asRecord(selector);
    if (selector === undefined || selector === null) {
        return true;
    }
    return s !== undefined && Object.keys(asRecord(s.matchLabels) ?? {}).length === 0 && asArray(s.matchExpressions).length === 0;
}

/**
 * Whether a NetworkPolicy denies all traffic of `dir` for every pod of its namespace:
 * empty podSelector, `dir` among its policy types (explicit, or the API default: Ingress
 * always, Egress when egress rules are given), and no rules for `dir`. An `Unknown` is
 * returned when the answer depends on a value unknown at preview.
 */
export function deniesAll(specValue: Data, dir: Direction): boolean | Unknown {
    const selector = spec(specValue, "podSelector");
    const types = spec(specValue, "policyTypes");
    const rules = spec(specValue, RULES_FIELD[dir]);
    const egress = spec(specValue, "egress");
    const undecided = findUnknown([selector, types, rules, types === undefined || types === null ? egress : undefined]);
    if (undecided !== undefined) {
        return undecided;
    }
    if (!isEmptySelector(selector) || asArray(rules).length > 0) {
        return false;
    }
    const declared = types === undefined || types === null ? undefined : asStringList(types);
    const effective = declared ?? (egress !== undefined && egress !== null ? ["Ingress", "Egress"] : ["Ingress"]);
    return effective.includes(dir);
}

function checkNamespace(
    ns: StackResourceView,
    policies: readonly StackResourceView[],
    elsewhere: readonly Unknown[],
    ctx: CheckContext,
): void {
    const missing: Direction[] = [];
    const undecided: { policy: StackResourceView; unknown: Unknown }[] = [];
    for (const dir of DIRECTIONS) {
        const answers = policies.map((p) => ({ policy: p, answer: deniesAll(netpol(p.props, "spec"), dir) }));
        if (answers.some((a) => a.answer === true)) {
            continue;
        }
        const unknowns = answers.filter((a) => isUnknown(a.answer));
        if (unknowns.length > 0) {
            for (const u of unknowns) {
                if (isUnknown(u.answer)) undecided.push({ policy: u.policy, unknown: u.answer });
            }
        } else {
            missing.push(dir);
        }
    }
    for (const u of undecided) {
        // Fail closed: the policy that might be the default deny cannot be read.
        // The path names the NetworkPolicy: the finding is reported on the Namespace.
        const where = `${u.unknown.path || "spec"} of NetworkPolicy "${u.policy.name}", which may be its default deny,`;
        ctx.isUnknown(new Unknown(where), where);
    }
    if (missing.length > 0 && elsewhere.length > 0) {
        // Fail closed: a NetworkPolicy whose namespace is unknown may be the missing deny.
        for (const u of elsewhere) {
            ctx.isUnknown(u, u.path);
        }
    } else if (missing.length > 0) {
        ctx.violation(
            `${namespaceLabel(ns)} has no default-deny NetworkPolicy for ${missing.join(" and ")} (${policies.length} NetworkPolicies found in it)`,
        );
    }
}

/** K8S-2: every Namespace of the stack gets a default-deny NetworkPolicy (ingress and egress). */
export const k8sNamespaceDefaultDeny = stackPolicy({
    name: "k8s-namespace-default-deny",
    control: "K8S-2",
    severity: "high",
    layer: "cluster",
    description:
        "Every Namespace created in the stack must get a default-deny NetworkPolicy for ingress and egress: empty podSelector, policyTypes Ingress and Egress, no rules (one policy, or one per direction).",
    references: [
        { framework: "CIS", id: "4.3.2" },
        { framework: "BPG", id: "Network security: default deny network policies" },
    ],
    remediation:
        "create in the namespace a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no ingress or egress rules, then allow the flows you need (DNS first) with additional policies",
    subjectTypes: [NAMESPACE_TYPE],
    check: (ns, stack, ctx) => {
        checkNamespace(
            ns,
            resourcesInNamespace(ns, stack, NETWORK_POLICY_OBJECT_TYPES),
            undecidedInNamespace(ns, stack, NETWORK_POLICY_OBJECT_TYPES),
            ctx,
        );
    },
});
