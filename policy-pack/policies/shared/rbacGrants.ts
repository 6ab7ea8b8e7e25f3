/**
 * What an RBAC rule grants, judged the way the API server's authorizer matches it
 * (k8s.io/component-helpers/auth/rbac/validation): a verb matches itself or "*", an API group
 * itself or "*", a resource "res/sub" matches "res/sub", "*" or "*" joined to "/sub"; resourceNames narrow a
 * rule to named objects. Verbs, groups and resources are compared case-insensitively, which can
 * only add findings (the API server is case-sensitive).
 */
export interface RuleView {
    readonly index: number;
    readonly path: string;
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
    readonly resourceNames: readonly string[];
    /** How the rule was reached, for messages: `ClusterRole "edit" ← ClusterRole "x"`. */
    readonly via?: string;
}

interface Dangerous {
    /** Short phrase used in messages. */
    readonly phrase: string;
    readonly groups: readonly string[];
    readonly resources: readonly string[];
    /** Verbs that make the grant dangerous; "*" means any verb. */
    readonly verbs: readonly string[];
    /** Whether resourceNames limit it (Secrets: a Role limited to named Secrets is not "read all"). */
    readonly namesLimit?: boolean;
}

const CORE = "";
const RBAC = "rbac.authorization.k8s.io";
const ANY = "*";
/** Verbs that let a subject gain permissions it does not hold. */
export const ESCALATION_VERBS: readonly string[] = ["escalate", "bind", "impersonate"];
/** Verbs that read Secrets (watch and list return the values too). */
export const SECRET_READ_VERBS: readonly string[] = ["get", "list", "watch"];
const WRITES = ["create", "update", "patch", "delete", "deletecollection"];

export const DANGEROUS: readonly Dangerous[] = [
    { phrase: "escalate", groups: [RBAC], resources: ["roles", "clusterroles"], verbs: ["escalate"] },
    { phrase: "bind", groups: [RBAC], resources: ["roles", "clusterroles"], verbs: ["bind"] },
    { phrase: "impersonate", groups: [CORE], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] },
    { phrase: "impersonate", groups: ["authentication.k8s.io"], resources: ["uids", "userextras/*"], verbs: ["impersonate"] },
    { phrase: "pods/exec", groups: [CORE], resources: ["pods/exec"], verbs: ["create", "get"] },
    { phrase: "pods/attach", groups: [CORE], resources: ["pods/attach"], verbs: ["create", "get"] },
    { phrase: "pods/portforward", groups: [CORE], resources: ["pods/portforward"], verbs: ["create", "get"] },
    { phrase: "pods/ephemeralcontainers", groups: [CORE], resources: ["pods/ephemeralcontainers"], verbs: ["update", "patch"] },
    { phrase: "serviceaccounts/token create", groups: [CORE], resources: ["serviceaccounts/token"], verbs: ["create"] },
    { phrase: "nodes/proxy", groups: [CORE], resources: ["nodes/proxy"], verbs: [ANY] },
    { phrase: "read access to Secrets", groups: [CORE], resources: ["secrets"], verbs: SECRET_READ_VERBS, namesLimit: true },
    {
        phrase: "admission webhook configuration writes",
        groups: ["admissionregistration.k8s.io"],
        resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"],
        verbs: WRITES,
    },
    {
        phrase: "certificate signing request approval",
        groups: ["certificates.k8s.io"],
        resources: ["certificatesigningrequests/approval"],
        verbs: ["update", "patch"],
    },
    { phrase: "certificate signing request approval", groups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve"] },
];

const norm = (list: readonly string[]): string[] => list.map((v) => v.toLowerCase());

function resourceMatches(ruleResources: readonly string[], wanted: string): boolean {
    const [, sub] = wanted.split("/");
    return ruleResources.some((r) => {
        if (r === ANY || r === wanted) return true;
        if (sub !== undefined && r === `*/${sub}`) return true;
        // "userextras/*" in the table stands for any extra key: any "userextras/<key>" rule matches.
        return wanted.endsWith("/*") && r.startsWith(wanted.slice(0, -1));
    });
}

/** The verbs of `rule` that give `d` (["*"] when the rule's verbs are wildcarded). */
function matchingVerbs(verbs: readonly string[], d: Dangerous): string[] {
    if (verbs.includes(ANY)) return [ANY];
    return d.verbs.includes(ANY) ? [...verbs] : verbs.filter((v) => d.verbs.includes(v));
}

/** What a rule grants from the dangerous list, as phrases ("pods/exec (create)"); [] when nothing. */
export function dangerousGrants(rule: RuleView): string[] {
    const groups = norm(rule.apiGroups);
    const resources = norm(rule.resources);
    const verbs = norm(rule.verbs);
    const found = new Map<string, Set<string>>();
    const add = (phrase: string, vs: readonly string[]): void => {
        const set = found.get(phrase) ?? new Set<string>();
        vs.forEach((v) => set.add(v));
        found.set(phrase, set);
    };
    // An explicit escalation verb is flagged whatever it is written on (conservative).
    verbs.filter((v) => ESCALATION_VERBS.includes(v)).forEach((v) => add(v === "impersonate" ? "impersonate" : v, [v]));
    for (const d of DANGEROUS) {
        if (d.namesLimit === true && rule.resourceNames.length > 0) continue;
        if (!(groups.includes(ANY) || d.groups.some((g) => groups.includes(g)))) continue;
        if (!d.resources.some((r) => resourceMatches(resources, r))) continue;
        const vs = matchingVerbs(verbs, d);
        if (vs.length > 0) add(d.phrase, vs);
    }
    return [...found.entries()].map(([phrase, vs]) =>
        ESCALATION_VERBS.includes(phrase) ? `${phrase}` : `${phrase} (${[...vs].join(", ")})`,
    );
}

/** Phrases of several rules, deduplicated, escalation verbs grouped as one phrase. */
export function describeGrants(phrases: readonly string[]): string {
    const unique = [...new Set(phrases)];
    const escalation = unique.filter((p) => ESCALATION_VERBS.includes(p));
    const rest = unique.filter((p) => !ESCALATION_VERBS.includes(p));
    return [...(escalation.length > 0 ? [`privilege-escalation verbs (${escalation.join(", ")})`] : []), ...rest].join(" and ");
}
