/**
 * PACK-7 verdicts and output formats. The insecure fixtures are written against
 * the real pack's policy names (BRIEF.md contract) and run once policy-pack/ is
 * in the tree and built; meanwhile the same mechanics run against the one-policy
 * fixture pack, so the plumbing is proven now.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type * as sarif from "sarif";
import { CheckResult, runCheck } from "../../tools/check/check";
import { toSarif } from "../../tools/check/report/sarif";
import { formatText } from "../../tools/check/report/text";
import { fixtureCheck, openSshOnePolicy, POOLS } from "./fixtureChecks";
import { REAL_PACK, REPO, fixturePack, program, realPackMissing, runCli, sarifValidator } from "./support";

const ONE = fixturePack("one-policy");

/** Insecure fixture → the policy that must block it (and the control it proves). */
const INSECURE: { fixture: string; control: string; policy: string; resource: string }[] = [
    {
        fixture: "open-ssh",
        control: "NET-6",
        policy: "ec2-security-group-no-public-ingress",
        resource: "aws:ec2/securityGroup:SecurityGroup::open-ssh",
    },
    { fixture: "public-eks", control: "EKS-1", policy: "eks-cluster-endpoint-private", resource: "aws:eks/cluster:Cluster::public" },
    {
        fixture: "unencrypted-cluster",
        control: "EKS-2",
        policy: "eks-cluster-secrets-encrypted",
        resource: "aws:eks/cluster:Cluster::plain",
    },
    { fixture: "key-no-rotation", control: "KMS-1", policy: "kms-key-rotation-enabled", resource: "aws:kms/key:Key::no-rotation" },
    { fixture: "bucket-no-pab", control: "DATA-2", policy: "s3-bucket-hardened", resource: "aws:s3/bucket:Bucket::open-data" },
    {
        fixture: "imdsv1-launch-template",
        control: "EKS-6",
        policy: "ec2-launch-template-imdsv2",
        resource: "aws:ec2/launchTemplate:LaunchTemplate::nodes",
    },
];

describe("offline check: verdicts and outputs (PACK-7)", function () {
    this.timeout(180_000);

    describe("against the real pack (policy-pack)", () => {
        for (const c of INSECURE) {
            it(`${c.control}: ${c.fixture} is blocked by ${c.policy}`, async function () {
                if (realPackMissing()) this.skip();
                // Stack dev (the fixture's only one), shared with the parity test.
                const r = await fixtureCheck(c.fixture);
                const hit = r.report.diagnostics.filter(
                    (d) => d.policy === c.policy && d.enforcement === "mandatory" && (d.urn ?? "").endsWith(c.resource),
                );
                assert.ok(
                    hit.length > 0,
                    `${c.policy} blocks ${c.resource}; got: ${r.report.diagnostics.map((d) => `${d.policy}@${d.urn}`).join(", ")}`,
                );
                assert.equal(hit[0].control, c.control);
            });
        }

        for (const stack of ["dev", "prod"]) {
            it(`PACK-1: the baseline's ${stack} stack passes its own pack (0 mandatory)`, async function () {
                if (realPackMissing() || !fs.existsSync(path.join(REPO, "Pulumi.yaml"))) this.skip();
                const r = await runCheck({ programDir: REPO, packDir: REAL_PACK, stack, timeoutSeconds: 120, ...POOLS });
                assert.deepEqual(
                    r.report.diagnostics.filter((d) => d.enforcement === "mandatory"),
                    [],
                );
                // Nothing is left to an unknown at preview either: every document the components write is
                // known there (fixed names for the roles, topics and rules that resource policies name), so
                // no advisory note and no "unknown" setting in the stack's pack config.
                assert.deepEqual(
                    r.report.diagnostics.map((d) => `${d.policy} ${d.urn}`),
                    [],
                );
                const packConfig = JSON.parse(fs.readFileSync(path.join(REPO, "stacks", `policy-pack.${stack}.json`), "utf8")) as Record<
                    string,
                    unknown
                >;
                const unknownSettings = Object.entries(packConfig)
                    .filter(([, v]) => typeof v === "object" && v !== null && "unknown" in v)
                    .map(([k]) => k);
                assert.deepEqual(unknownSettings, []);
                assert.ok(r.report.summary.resources > 100);
                // The stack's own pack config (its admin principals, its break-glass group) was found and used.
                assert.equal(r.packConfigFile, path.join(REPO, "stacks", `policy-pack.${stack}.json`));
                // Every layer is in the verdict: network, cluster, detection, registry and in-cluster guardrails.
                const types = new Set(r.report.resources.map((x) => x.type));
                for (const t of [
                    "aws:ec2/vpc:Vpc",
                    "aws:eks/cluster:Cluster",
                    "aws:guardduty/detector:Detector",
                    "aws:ecr/repository:Repository",
                    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                ]) {
                    assert.ok(types.has(t), `${stack} has a ${t}`);
                }
            });
        }

        it("PACK-1/PACK-9: without the stack's pack config, the dev stack's cluster admin, break-glass group and Helm releases are blocked", async function () {
            if (realPackMissing()) this.skip();
            const none = path.join(REPO, "test", "fixtures", "pack-config", "empty.json");
            // Up mode: every value known, so only the allowlists decide: the admins, the break-glass group, and
            // the two Helm releases (policy-controller, External Secrets) the stack's config allows by chart.
            const r = await runCheck({
                programDir: REPO,
                packDir: REAL_PACK,
                stack: "dev",
                packConfigFile: none,
                timeoutSeconds: 120,
                mode: "up",
                ...POOLS,
            });
            const blocked = r.report.diagnostics
                .filter((d) => d.enforcement === "mandatory")
                .map((d) => d.policy)
                .sort();
            assert.deepEqual(blocked, [
                "eks-cluster-admin-allowlist",
                "k8s-rbac-effective-grants",
                "k8s-rbac-no-cluster-admin-binding",
                "opaque-resources-allowed",
                "opaque-resources-allowed",
            ]);
        });
    });

    describe("mechanics against the one-policy fixture pack", () => {
        let blocked: CheckResult;
        before(async () => {
            blocked = await openSshOnePolicy();
        });

        it("NET-6: open SSH is blocked by ec2-security-group-no-public-ingress, with control and severity from the pack's metadata", () => {
            assert.deepEqual(
                blocked.report.diagnostics.map((d) => ({ ...d, message: undefined, source: undefined })),
                [
                    {
                        policy: "ec2-security-group-no-public-ingress",
                        control: "NET-6",
                        severity: "critical",
                        enforcement: "mandatory",
                        urn: "urn:pulumi:dev::fixture-open-ssh::aws:ec2/securityGroup:SecurityGroup::open-ssh",
                        message: undefined,
                        source: undefined,
                    },
                ],
            );
            assert.match(blocked.report.diagnostics[0].message, /ingress tcp 22-22 is open to the internet/);
        });

        it("exit status: 1 on a mandatory violation (0 without: the README's command, readmeExample.test.ts); a compiled JS program (runtime typescript: false) works too", async () => {
            const bad = await runCli(["--program", program("plain-js"), "--pack", ONE, "--stack", "dev", "--format", "json"]);
            assert.equal(bad.code, 1, bad.stderr);
            const report = JSON.parse(bad.stdout) as CheckResult["report"];
            assert.equal(
                report.diagnostics[0].urn,
                "urn:pulumi:dev::fixture-plain-js::aws:ec2/securityGroupRule:SecurityGroupRule::ssh-from-anywhere",
            );
        });

        it("json: exactly the documented keys", () => {
            const json = JSON.parse(JSON.stringify(blocked.report)) as Record<string, unknown>;
            assert.deepEqual(Object.keys(json), [
                "stack",
                "mode",
                "resources",
                "diagnostics",
                "remoteComponents",
                "summary",
                "packConfig",
                "pack",
                "stackConfigFile",
            ]);
            assert.equal(json.stack, "dev");
            assert.deepEqual(json.pack, { name: blocked.pack.name, version: blocked.pack.version });
            assert.match(String(json.stackConfigFile), /open-ssh\/Pulumi\.dev\.yaml$/);
            for (const r of blocked.report.resources)
                assert.deepEqual(Object.keys(r), ["urn", "type", "name", "parent", "inputs", "protect"]);
            for (const d of blocked.report.diagnostics)
                assert.deepEqual(Object.keys(d), ["policy", "control", "severity", "enforcement", "urn", "message", "source"]);
            assert.deepEqual(blocked.report.summary, { resources: 3, mandatory: 1, advisory: 0, notAnalysed: 0 });
            const sg = blocked.report.resources.find((r) => r.name === "open-ssh")!;
            assert.equal(sg.parent, "urn:pulumi:dev::fixture-open-ssh::pulumi:pulumi:Stack::fixture-open-ssh-dev");
            assert.equal(blocked.report.resources[0].parent, null);
        });

        it("text: a tree of what would be created, then violations by severity with control and fix, then the verdict", () => {
            const text = formatText(blocked);
            assert.match(
                text,
                /Would create 3 resources:\n {2}\+ pulumi:pulumi:Stack {2}fixture-open-ssh-dev\n {4}\+ aws:ec2\/vpc:Vpc {2}fixture/,
            );
            assert.match(text, /CRITICAL \(1\)\n {4}\[MANDATORY\] NET-6 {2}ec2-security-group-no-public-ingress/);
            assert.match(text, /fix: Restrict the ingress CIDR/);
            assert.match(text, /BLOCKED: mandatory policy violations \(3 resources, 1 mandatory, 0 advisory; preview mode\)\n$/);
        });

        it("sarif: valid against the SARIF 2.1.0 JSON schema; one rule per policy, one result per diagnostic", function () {
            const log = toSarif(blocked, "0.1.0");
            const validate = sarifValidator();
            if (validate) {
                assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
                // The validator does reject a broken log (so the check above can fail).
                assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {} }] }] }), false);
            }
            // Structural checks that hold whatever schema copy is installed.
            assert.equal(log.version, "2.1.0");
            const run = log.runs[0] as sarif.Run;
            assert.deepEqual(
                run.tool.driver.rules?.map((r) => r.id),
                blocked.pack.policies.map((p) => p.name).sort(),
            );
            assert.equal(run.results?.length, blocked.report.diagnostics.length);
            const result = run.results![0];
            assert.equal(result.ruleId, "ec2-security-group-no-public-ingress");
            assert.equal(result.level, "error");
            assert.equal(result.locations?.[0].logicalLocations?.[0].fullyQualifiedName, blocked.report.diagnostics[0].urn);
            assert.equal(run.tool.driver.rules?.[0].properties?.control, "NET-6");
            if (!validate) this.skip();
        });
    });
});
