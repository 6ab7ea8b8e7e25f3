/**
 * PACK-7: each diagnostic points at the program's line that constructed the
 * resource (the first frame of the program's own code, source-mapped for
 * TypeScript), in JSON, text and SARIF.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type * as sarif from "sarif";
import { CheckResult, runCheck } from "../../tools/check/check";
import { userCallsite } from "../../tools/check/callsite";
import { toSarif } from "../../tools/check/report/sarif";
import { formatText } from "../../tools/check/report/text";
import { openSshOnePolicy } from "./fixtureChecks";
import { fixturePack, program } from "./support";

/** 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
    const i = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes(text));
    assert.ok(i >= 0, `${text} in ${file}`);
    return i + 1;
}

const rel = (file: string) => path.relative(process.cwd(), file).split(path.sep).join("/");

describe("offline check: diagnostics point at the program's code (PACK-7)", function () {
    this.timeout(180_000);

    describe("a resource constructed at the top level of a TypeScript program", () => {
        let r: CheckResult;
        const file = path.join(program("open-ssh"), "index.ts");
        before(async () => {
            r = await openSshOnePolicy();
        });

        it("json: the TypeScript file and line (source-mapped: the emitted JavaScript has other line numbers)", () => {
            const line = lineOf(file, 'new aws.ec2.SecurityGroup("open-ssh"');
            assert.deepEqual({ ...r.report.diagnostics[0].source, column: undefined }, { file: rel(file), line, column: undefined });
            assert.ok(r.report.diagnostics[0].source!.column > 1);
        });

        it("text: file:line under the resource", () => {
            assert.match(
                formatText(r),
                new RegExp(
                    `resource: aws:ec2/securityGroup:SecurityGroup {2}open-ssh\\n {8}at ${rel(file).replace(/\./g, "\\.")}:${r.report.diagnostics[0].source!.line}\\n`,
                ),
            );
        });

        it("sarif: the physical location is the program file and line", () => {
            const result = (toSarif(r, "0").runs[0] as sarif.Run).results![0];
            assert.deepEqual(result.locations?.[0].physicalLocation, {
                artifactLocation: { uri: rel(file) },
                region: { startLine: r.report.diagnostics[0].source!.line, startColumn: r.report.diagnostics[0].source!.column },
            });
        });
    });

    it("a resource a component creates points into the component; the stack resource (created by the SDK) has none", async () => {
        const r = await runCheck({ programDir: program("wire"), packDir: fixturePack("probe"), stack: "test", timeoutSeconds: 120 });
        const file = path.join(program("wire"), "index.ts");
        const at = (suffix: string) => r.report.diagnostics.find((d) => d.policy === "probe-resource" && d.urn?.endsWith(suffix))?.source;
        assert.equal(at("::grp-key")?.line, lineOf(file, "new aws.kms.Key("));
        assert.equal(at("::grp-key")?.file, rel(file));
        // A component class of the program's own: its super() call is the first frame of the program's code.
        assert.equal(at("::grp")?.line, lineOf(file, 'super("fixture:index:Group"'));
        assert.equal(at("::data")?.line, lineOf(file, 'new aws.s3.Bucket("data"'));
        assert.equal(at("::fixture-wire-test"), null);
        // A stack-wide diagnostic has no resource, so no line.
        assert.equal(r.report.diagnostics.find((d) => d.policy === "probe-stack")?.source, null);
        const sarifRun = toSarif(r, "0").runs[0] as sarif.Run;
        const stackResult = sarifRun.results!.find((x) => x.ruleId === "probe-stack")!;
        assert.equal(
            stackResult.locations?.[0].physicalLocation?.artifactLocation?.uri,
            rel(path.join(program("wire"), "Pulumi.test.yaml")),
        );
    });

    it("userCallsite skips node_modules and the check's own files, and keeps the caller's file", () => {
        // Called from this test file: the first frame outside tools/check and node_modules is here.
        const site = userCallsite();
        assert.ok(site, "a frame was found");
        assert.equal(site.uri, `file://${__filename}`);
    });
});

describe("offline check: the compiled check points at the program too, not at itself", function () {
    this.timeout(300_000);

    it("dist/tools/check/cli.js: the source is the program's line, never a file of tools/check (source maps lead there)", async () => {
        const { execFile } = await import("child_process");
        const cli = path.join(__dirname, "..", "..", "dist", "tools", "check", "cli.js");
        assert.ok(fs.existsSync(cli), `${cli} is missing: npm test builds it first (npm run build)`);
        const file = path.join(program("open-ssh"), "index.ts");
        const out = await new Promise<string>((resolve) => {
            execFile(
                process.execPath,
                [cli, "--program", program("open-ssh"), "--pack", fixturePack("one-policy"), "--stack", "dev", "--format", "json"],
                { maxBuffer: 64 << 20 },
                (_e, stdout) => resolve(stdout),
            );
        });
        const report = JSON.parse(out) as { diagnostics: { source: { file: string; line: number } | null }[] };
        assert.ok(report.diagnostics.length > 0);
        for (const d of report.diagnostics.filter((x) => x.source !== null)) {
            assert.doesNotMatch(d.source!.file, /tools\/check\//);
            assert.equal(d.source!.file, rel(file));
        }
    });
});
