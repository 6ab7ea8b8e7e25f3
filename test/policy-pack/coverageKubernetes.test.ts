/**
 * Issue 12 item 1 (Kubernetes): every resource type token of the installed
 * @pulumi/kubernetes is judged by a policy of the registry (the types each policy
 * declares) or listed in docs/coverage.md's "## Kubernetes" section with a reason.
 * Rows that no longer match an unjudged type fail too, so the list cannot go stale.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { parseKubernetesType } from "../../policy-pack/policies/shared/apiVersions";
import { kubernetesSdkTypes } from "./kubernetes/sdkTypes";

const DOC = join(__dirname, "..", "..", "docs", "coverage.md");

export interface CoverageRow {
    readonly pattern: string;
    readonly reason: string;
}

/** The rows of one `## <title>` section's table: `| \`pattern\` | reason |`. */
export function coverageRows(markdown: string, title: string): CoverageRow[] {
    const lines = markdown.split("\n");
    const start = lines.indexOf(`## ${title}`);
    if (start < 0) return [];
    const rows: CoverageRow[] = [];
    for (const line of lines.slice(start + 1)) {
        if (line.startsWith("## ")) break;
        const m = /^\| `([^`]+)` \| (.*) \|$/.exec(line);
        if (m) rows.push({ pattern: m[1], reason: m[2].trim() });
    }
    return rows;
}

/** Whether a row pattern (see the section's text) matches a type token. */
export function rowMatches(pattern: string, type: string): boolean {
    if (pattern === type) return true;
    const p = /^kubernetes:([^:]+):([^:]+)$/.exec(pattern);
    const t = parseKubernetesType(type);
    if (p === null || t === undefined) return false;
    const [, apiPattern, kindPattern] = p;
    const [group] = t.apiVersion.split("/");
    const apiOk = apiPattern === "*" || apiPattern === t.apiVersion || apiPattern === `${group}/*`;
    if (!apiOk) return false;
    if (kindPattern === `*${t.variant}` && t.variant !== "") return true;
    // A kind alone covers its variants; a kind with a variant suffix only that variant.
    return kindPattern === t.kind || kindPattern === `${t.kind}${t.variant}`;
}

describe("Coverage: every @pulumi/kubernetes type is judged or explained (issue 12 item 1)", () => {
    const sdk = kubernetesSdkTypes();
    const judged = new Set(ALL_POLICIES.flatMap((p) => p.types));
    const rows = coverageRows(readFileSync(DOC, "utf8"), "Kubernetes");
    const unjudged = sdk.filter((t) => !judged.has(t));

    it("reads the SDK's type list (hundreds of tokens, the well-known ones among them)", () => {
        assert.ok(sdk.length > 400, `${sdk.length}`);
        for (const t of [
            "kubernetes:apps/v1:Deployment",
            "kubernetes:core/v1:PodList",
            "kubernetes:helm.sh/v3:Release",
            "kubernetes:yaml:ConfigGroup",
        ])
            assert.ok(sdk.includes(t), t);
    });

    it("every type is judged by some policy or listed with a reason", () => {
        const missing = unjudged.filter((t) => !rows.some((r) => rowMatches(r.pattern, t)));
        assert.deepEqual(missing, [], "add a policy, or a row to docs/coverage.md ## Kubernetes");
    });

    it("every row has a one-line reason and still matches a type no policy judges", () => {
        assert.ok(rows.length > 0);
        for (const r of rows) {
            assert.ok(r.reason.length >= 20 && !r.reason.includes("|"), r.pattern);
            assert.ok(
                unjudged.some((t) => rowMatches(r.pattern, t)),
                `${r.pattern} matches no unjudged SDK type: remove the row`,
            );
        }
        assert.equal(new Set(rows.map((r) => r.pattern)).size, rows.length, "one row per pattern");
    });

    it("row patterns match as documented", () => {
        assert.ok(rowMatches("kubernetes:*:*List", "kubernetes:core/v1:PodList"));
        assert.ok(!rowMatches("kubernetes:*:*List", "kubernetes:core/v1:Pod"));
        assert.ok(rowMatches("kubernetes:coordination.k8s.io/v1:Lease", "kubernetes:coordination.k8s.io/v1:LeasePatch"));
        assert.ok(!rowMatches("kubernetes:coordination.k8s.io/v1:Lease", "kubernetes:coordination.k8s.io/v1beta1:LeaseCandidate"));
        assert.ok(rowMatches("kubernetes:resource.k8s.io/*:ResourceClaim", "kubernetes:resource.k8s.io/v1beta2:ResourceClaimPatch"));
        assert.ok(!rowMatches("kubernetes:resource.k8s.io/*:ResourceClaim", "kubernetes:resource.k8s.io/v1:ResourceClaimTemplate"));
        assert.ok(rowMatches("kubernetes:core/v1:SecretPatch", "kubernetes:core/v1:SecretPatch"));
        assert.ok(!rowMatches("kubernetes:core/v1:SecretPatch", "kubernetes:core/v1:Secret"));
        assert.ok(!rowMatches("kubernetes:apps/*:Deployment", "kubernetes:extensions/v1beta1:Deployment"));
    });
});
