/**
 * Issue 20: programs built with the real @pulumi/eks package, through the offline check
 * and the real pack. The fixtures are written as the package's docs write them; the
 * package's SDK serializes their inputs, so what the pack judges is what it would
 * receive at a real preview. Each resource gets exactly the verdicts its inputs deserve,
 * and the report says the components were judged on their inputs, not left as a gap.
 */
import { strict as assert } from "assert";
import type * as sarif from "sarif";
import { CheckResult, NOT_ANALYSED_POLICY } from "../../tools/check/check";
import { INPUTS_JUDGED_NOTE, REMOTE_COMPONENTS } from "../../tools/check/remote";
import { toSarif } from "../../tools/check/report/sarif";
import { formatText } from "../../tools/check/report/text";
import { fixtureCheck } from "./fixtureChecks";
import { realPackMissing, sarifValidator } from "./support";

const EKS_TYPES = ["eks:index:Cluster", "eks:index:ManagedNodeGroup", "eks:index:NodeGroupV2", "eks:index:NodeGroupSecurityGroup"];

/** The fixture's stack dev, checked by the real pack (one run per process, shared with the parity test). */
function check(fixture: string, mode: "preview" | "up" = "preview"): Promise<CheckResult> {
    return fixtureCheck(fixture, mode);
}

/** "policy/level" for every diagnostic on the resource named `name`, sorted. */
function verdicts(r: CheckResult, name: string): string[] {
    return r.report.diagnostics
        .filter((d) => d.urn?.endsWith(`::${name}`))
        .map((d) => `${d.policy}/${d.enforcement}`)
        .sort();
}

function assertInputsJudged(r: CheckResult, names: readonly string[]): void {
    assert.deepEqual(
        r.report.remoteComponents.map((c) => [c.urn.split("::").pop(), c.handled]).sort(),
        names.map((n) => [n, "inputs-judged"]).sort(),
    );
    for (const c of r.report.remoteComponents) assert.equal(c.note, INPUTS_JUDGED_NOTE);
    assert.equal(r.report.summary.notAnalysed, 0);
    assert.ok(!r.report.diagnostics.some((d) => d.policy === NOT_ANALYSED_POLICY), "no not-analysed diagnostic");
}

describe("issue 20: @pulumi/eks programs through the offline check", function () {
    this.timeout(300_000);
    before(function () {
        if (realPackMissing()) this.skip();
    });

    it("the four @pulumi/eks component types are judged on their inputs, not reported as a gap", () => {
        for (const t of EKS_TYPES) assert.equal(REMOTE_COMPONENTS[t], "inputs-judged", t);
        assert.match(INPUTS_JUDGED_NOTE, /created by the component's provider at `pulumi up` and are judged by the real engine then/);
        assert.match(INPUTS_JUDGED_NOTE, /inputs were judged now/);
    });

    it("the quick start is blocked on EKS-1, EKS-2, EKS-3 (and EKS-4, EKS-6, NET-1, EKS-9), each naming the input to set", async () => {
        const r = await check("eks-quickstart");
        const mandatory = r.report.diagnostics.filter((d) => d.enforcement === "mandatory");
        const controls = new Set(mandatory.map((d) => d.control));
        for (const c of ["EKS-1", "EKS-2", "EKS-3", "EKS-4", "EKS-6", "NET-1", "EKS-9"])
            assert.ok(controls.has(c), `${c} in ${[...controls].join(", ")}`);
        const text = mandatory.map((d) => d.message).join("\n");
        for (const input of [
            "endpointPrivateAccess",
            "publicAccessCidrs unset",
            "encryptionConfigKeyArn unset",
            "enabledClusterLogTypes unset",
            "authenticationMode unset",
            "nodeAssociatePublicIpAddress unset, default true",
            "nodeRootVolumeEncrypted unset, default false",
        ]) {
            assert.ok(text.includes(input), `a message names ${input}`);
        }
        assertInputsJudged(r, ["quickstart"]);
        const out = formatText(r);
        assert.match(out, /eks:index:Cluster {2}quickstart: inputs judged, not a gap: its inputs were judged now/);
        assert.match(out, /BLOCKED: .*1 remote component judged on inputs \(children at pulumi up\)/);
        assert.doesNotMatch(out, /NOT ANALYSED/);
    });

    it("the hardened cluster has no finding at all, in preview and up mode, and every output format says how it was judged", async () => {
        for (const mode of ["preview", "up"] as const) {
            const r = await check("eks-hardened", mode);
            assert.deepEqual(
                r.report.diagnostics.map((d) => `${d.policy}@${d.urn}: ${d.message}`),
                [],
                mode,
            );
            assertInputsJudged(r, ["hardened"]);
            assert.match(
                formatText(r),
                /PASSED: no mandatory policy violation \(3 resources, 0 mandatory, 0 advisory, 1 remote component judged on inputs/,
            );
            const log = toSarif(r, "0.1.0");
            const run = log.runs[0] as sarif.Run;
            const notes = run.invocations?.[0].toolExecutionNotifications ?? [];
            assert.equal(notes.length, 1);
            assert.equal(notes[0].level, "note");
            assert.match(notes[0].message.text ?? "", /^remote component eks:index:Cluster: its inputs were judged now/);
            assert.equal(notes[0].locations?.[0].logicalLocations?.[0].fullyQualifiedName, r.report.remoteComponents[0].urn);
            assert.deepEqual(run.results, []);
            const validate = sarifValidator();
            if (validate) assert.ok(validate(log), JSON.stringify(validate.errors).slice(0, 500));
            // JSON is the report itself: remoteComponents carry handled and note.
            const json = JSON.parse(JSON.stringify(r.report)) as { remoteComponents: { handled: string; note: string }[] };
            assert.deepEqual(
                json.remoteComponents.map((c) => [c.handled, c.note]),
                [["inputs-judged", INPUTS_JUDGED_NOTE]],
            );
        }
    });

    it("node groups: each managed and self-managed group gets the verdicts its inputs deserve", async () => {
        const r = await check("eks-node-groups");
        assertInputsJudged(r, ["workers", "system", "docs-default", "ssh", "self-hardened", "self-default", "extra-nodes"]);
        assert.deepEqual(verdicts(r, "workers"), []);
        assert.deepEqual(verdicts(r, "system"), []);
        assert.deepEqual(verdicts(r, "docs-default"), ["eks-node-group-ami-type/mandatory", "eks-node-group-launch-template/advisory"]);
        assert.deepEqual(verdicts(r, "ssh"), ["eks-node-group-no-remote-access/mandatory"]);
        assert.deepEqual(verdicts(r, "self-hardened"), []);
        assert.deepEqual(verdicts(r, "self-default"), ["eks-node-root-volume-encrypted/mandatory", "eks-nodes-no-public-ip/mandatory"]);
        assert.deepEqual(verdicts(r, "extra-nodes"), []);
        assert.deepEqual(verdicts(r, "cluster-sg"), []);
        const ssh = r.report.diagnostics.find((d) => d.urn?.endsWith("::ssh"));
        assert.match(ssh?.message ?? "", /\[EKS-6\] node group "ssh" configures remoteAccess with SSH key "ops-keypair"/);
        const toolNotes = (toSarif(r, "0").runs[0] as sarif.Run).invocations?.[0].toolExecutionNotifications ?? [];
        assert.deepEqual(toolNotes.map((n) => (n.properties as { type: string }).type).sort(), [
            "eks:index:Cluster",
            "eks:index:ManagedNodeGroup",
            "eks:index:ManagedNodeGroup",
            "eks:index:ManagedNodeGroup",
            "eks:index:NodeGroupSecurityGroup",
            "eks:index:NodeGroupV2",
            "eks:index:NodeGroupV2",
        ]);
    });

    it("a public endpoint limited to admin CIDRs passes EKS-1; CIDRs whose union is the internet are blocked", async () => {
        const r = await check("eks-admin-cidrs");
        assertInputsJudged(r, ["admins", "split-open"]);
        assert.deepEqual(verdicts(r, "admins"), []);
        assert.deepEqual(verdicts(r, "split-open"), ["eks-cluster-endpoint-private/mandatory"]);
        const d = r.report.diagnostics.find((x) => x.urn?.endsWith("::split-open"));
        assert.equal(d?.control, "EKS-1");
        assert.match(
            d?.message ?? "",
            /cluster "split-open" has a public API endpoint open to 0\.0\.0\.0\/0 \(4,256,038,912 public IPv4 addresses/,
        );
    });
});
