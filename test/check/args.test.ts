/**
 * PACK-7: argument checks that fail before anything runs, called directly (no
 * CLI process): --stack is a name, --out is writable, bad values are quoted
 * cut to QUOTE_LIMIT characters with their length.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkOutPath, parseCliArgs } from "../../tools/check/cli";
import { CheckFailure, QUOTE_LIMIT, quote } from "../../tools/check/errors";
import { readPackConfigFile, reconcilePackConfig } from "../../tools/check/packConfig";
import { checkStackName, loadProject } from "../../tools/check/project";
import type { PackInfo } from "../../tools/check/pack";
import { failure, program } from "./support";

const FIVE_MB = 5 * 1024 * 1024;

describe("offline check: arguments checked before the run (PACK-7)", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "check-args-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("--stack is a stack name, not a path", () => {
        for (const bad of [
            "../dev",
            "a/b",
            "a\\b",
            "..",
            ".",
            ".hidden",
            "dev/../../etc",
            "/etc/passwd",
            "x".repeat(101),
            "",
            "dev prod",
            "dev\n",
        ]) {
            it(`refuses ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 20)}…` : bad)}, naming the allowed pattern`, () => {
                const e = failure(() => parseCliArgs(["--stack", bad]));
                assert.match(
                    e.message,
                    /^--stack .* is not allowed: use a stack name, not a path: .*pattern \^\[A-Za-z0-9_-\]\[A-Za-z0-9_.-\]\{0,99\}\$/,
                );
            });
        }
        for (const good of ["dev", "prod", "eu-west-1.staging", "team_a", "1"]) {
            it(`accepts ${good}`, () => {
                const args = parseCliArgs(["--stack", good]);
                assert.ok(args !== "help");
                assert.equal(args.stack, good);
            });
        }
        it("loadProject refuses a path as well (runCheck called without the CLI)", () => {
            assert.throws(() => loadProject(program("open-ssh"), "../open-ssh/dev"), /--stack "\.\.\/open-ssh\/dev" is not allowed/);
        });
        it("a stack name used directly by checkStackName", () => {
            assert.doesNotThrow(() => checkStackName("dev"));
            assert.throws(() => checkStackName("a..b"), CheckFailure);
        });
    });

    describe("--out is checked before the run", () => {
        it("a folder: refused", () => {
            assert.match(failure(() => checkOutPath(tmp)).message, /--out ".*": is a folder; name a file the report can be written to/);
        });
        it("a missing parent folder: refused, names the folder, creates nothing", () => {
            const out = path.join(tmp, "no", "such", "report.sarif");
            assert.match(failure(() => checkOutPath(out)).message, new RegExp(`the folder ${path.join(tmp, "no", "such")} does not exist`));
            assert.ok(!fs.existsSync(path.join(tmp, "no")));
        });
        it("a parent that is a file: refused", () => {
            const file = path.join(tmp, "plain-file");
            fs.writeFileSync(file, "x");
            assert.match(failure(() => checkOutPath(path.join(file, "report.json"))).message, /plain-file is not a folder/);
        });
        it("an unwritable path: refused with the reason", () => {
            // root ignores mode bits; sysfs refuses new files to everyone.
            let out: string;
            if (process.getuid?.() === 0) {
                out = "/sys/kernel/offline-check-report.json";
            } else {
                const ro = path.join(tmp, "read-only");
                fs.mkdirSync(ro, { mode: 0o555 });
                out = path.join(ro, "report.json");
            }
            assert.match(failure(() => checkOutPath(out)).message, /cannot be written \((EACCES|EPERM|EROFS)\)/);
        });
        it("a writable new file: accepted, and the probe leaves nothing behind", () => {
            const out = path.join(tmp, "report.json");
            checkOutPath(out);
            assert.ok(!fs.existsSync(out));
        });
        it("an existing report: accepted and left as it was until the run writes it", () => {
            const out = path.join(tmp, "old.json");
            fs.writeFileSync(out, "old");
            checkOutPath(out);
            assert.equal(fs.readFileSync(out, "utf8"), "old");
        });
    });

    describe("bad values are quoted cut to QUOTE_LIMIT characters, with their length", () => {
        it("quote: short values whole, long ones cut with the length stated", () => {
            assert.equal(quote("xml"), '"xml"');
            assert.equal(quote(["a"]), '["a"]');
            const q = quote("y".repeat(FIVE_MB));
            assert.ok(q.length < QUOTE_LIMIT + 80, `${q.length} characters`);
            assert.match(q, new RegExp(`^"y{${QUOTE_LIMIT}}…" \\(${FIVE_MB} characters, first ${QUOTE_LIMIT} shown\\)$`));
        });
        it("a 5 MB option value (regression: it was echoed whole)", () => {
            const e = failure(() => parseCliArgs(["--format", "z".repeat(FIVE_MB)]));
            assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
            assert.match(
                e.message,
                new RegExp(`--format "z{${QUOTE_LIMIT}}…" \\(${FIVE_MB} characters, first ${QUOTE_LIMIT} shown\\) is not supported`),
            );
        });
        it("a 5 MB bad value in a pack config file (regression: it was echoed whole)", () => {
            const file = path.join(tmp, "big.json");
            fs.writeFileSync(file, JSON.stringify({ "some-policy": "q".repeat(FIVE_MB) }));
            const e = failure(() => readPackConfigFile(file));
            assert.ok(e.message.length < 800, `message of ${e.message.length} characters`);
            assert.match(e.message, new RegExp(`\\(${FIVE_MB} characters, first ${QUOTE_LIMIT} shown\\) is not an enforcement level`));
        });
        it("a 5 MB config value that fails a policy's schema", () => {
            const info: PackInfo = {
                name: "pack",
                version: "1",
                initialConfig: {},
                policies: [
                    {
                        name: "p",
                        displayName: "",
                        description: "",
                        enforcement: "mandatory",
                        kind: "resource",
                        severity: "high",
                        tags: [],
                        remediation: "",
                        url: "",
                        configSchema: { properties: { n: { type: "integer" } }, required: [] },
                    },
                ],
            };
            const e = failure(() => reconcilePackConfig(info, { p: { properties: { n: "9".repeat(FIVE_MB) } } }));
            assert.ok(e.message.length < 800, `message of ${e.message.length} characters`);
            assert.match(e.message, new RegExp(`key "n": must be integer \\(value "9{${QUOTE_LIMIT}}…" \\(${FIVE_MB} characters`));
        });
    });
});
