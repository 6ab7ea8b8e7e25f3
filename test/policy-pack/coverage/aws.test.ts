/**
 * Issue 12: no resource family of the in-scope AWS services goes unexamined. Every type
 * of the installed @pulumi/aws in scope is judged by some policy (as the policies declare
 * it: resourceTypes, stack subjects and alsoJudges) or listed in docs/coverage.md's
 * "## AWS" section with a reason; the list holds no stale or judged type.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { awsScopeTypes } from "./aws-types";

const DOC = path.join(__dirname, "../../../docs/coverage.md");

/** The rows of the table in `## AWS` (up to the next `## ` heading): type → reason. */
export function awsRows(text: string): Map<string, string> {
    const start = text.indexOf("\n## AWS\n");
    assert.ok(start >= 0, 'docs/coverage.md has no "## AWS" section');
    const rest = text.slice(start + 1);
    const next = rest.indexOf("\n## ", 1);
    const section = next < 0 ? rest : rest.slice(0, next);
    const rows = new Map<string, string>();
    for (const line of section.split("\n")) {
        const m = /^\| `(aws:[^`]+)` \| (.*) \|$/.exec(line.trim());
        if (!m) continue;
        assert.ok(!rows.has(m[1]), `${m[1]} is listed twice`);
        rows.set(m[1], m[2].trim());
    }
    return rows;
}

describe("coverage map: AWS (docs/coverage.md)", () => {
    const types = awsScopeTypes();
    const judged = new Set(ALL_POLICIES.flatMap((p) => p.judged));
    const rows = awsRows(fs.readFileSync(DOC, "utf8"));

    it("reads the in-scope types from the installed SDK", () => {
        // Sanity: the generator found the services (a broken reader would make every check below vacuous).
        assert.ok(types.length > 300, `${types.length} types`);
        for (const t of ["aws:ec2/instance:Instance", "aws:iam/user:User", "aws:wafv2/webAcl:WebAcl", "aws:cloudwatch/logGroup:LogGroup"])
            assert.ok(types.includes(t), t);
        assert.ok(!types.includes("aws:cloudwatch/metricAlarm:MetricAlarm"), "CloudWatch metrics are not in scope");
    });
    it("every in-scope type is judged by a policy or listed with a reason", () => {
        const missing = types.filter((t) => !judged.has(t) && !rows.has(t));
        assert.deepEqual(
            missing,
            [],
            `add a policy, or a line "| \`<type>\` | <why it needs none> |" to docs/coverage.md: ${missing.join(", ")}`,
        );
    });
    it("every listed type exists in the SDK's scope, is not judged, and has a reason", () => {
        for (const [t, reason] of rows) {
            assert.ok(types.includes(t), `${t} is listed but not an in-scope type of the installed SDK (renamed or removed?)`);
            assert.ok(!judged.has(t), `${t} is judged by a policy now: remove its line from docs/coverage.md`);
            assert.ok(reason.length >= 15, `${t}: the reason "${reason}" is too short to say why`);
        }
    });
    it('no gaps: every listed type has a reason, not a "Gap" placeholder', () => {
        const gaps = [...rows].filter(([, reason]) => /^Gap\b/i.test(reason));
        // Every gap was closed (issue 12): a new in-scope type gets a policy or a one-line reason.
        assert.deepEqual(
            gaps.map(([t]) => t),
            [],
            "write the policy, or say in one line why the type needs none",
        );
    });
});
