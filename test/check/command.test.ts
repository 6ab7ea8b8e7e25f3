/**
 * The package's command, `secure-baseline check|policies`, called in-process (no CLI process):
 * argument handling, the defaults that let it run from any project folder (the bundled pack,
 * the project found from the working folder, no stack file needed), the bad input that stops
 * it with exit 2 and a message saying what it looked for, and the catalogue with its version.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundledPackDir } from "../../tools/check/check";
import { parseCliArgs } from "../../tools/check/cli";
import { policies } from "../../policy-pack/library";
import { formatCatalogue, loadCatalogue, parseCommand } from "../../tools/check/command";
import { checkPackDir } from "../../tools/check/pack";
import { DEFAULT_STACK, findProjectDir, loadProject } from "../../tools/check/project";
import { FIXTURES, REAL_PACK, REPO, failure, program } from "./support";

const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    version: string;
    bin: Record<string, string>;
    files: string[];
};

describe("secure-baseline command: arguments", () => {
    it("package.json names the command, and the file is shipped and executable", () => {
        assert.deepEqual(Object.keys(PKG.bin), ["secure-baseline"]);
        const bin = PKG.bin["secure-baseline"];
        assert.ok(PKG.files.includes(bin), `${bin} is in "files"`);
        assert.ok(PKG.files.includes("dist/tools/check"), 'the compiled check is in "files"');
        assert.match(fs.readFileSync(path.join(REPO, bin), "utf8"), /^#!\/usr\/bin\/env node\n/);
        assert.ok((fs.statSync(path.join(REPO, bin)).mode & 0o111) !== 0, `${bin} is executable`);
    });

    it("check passes everything after it to the check's own parser", () => {
        assert.deepEqual(parseCommand(["check", "--stack", "dev", "--format", "json"]), {
            command: "check",
            argv: ["--stack", "dev", "--format", "json"],
        });
        assert.deepEqual(parseCommand(["check"]), { command: "check", argv: [] });
    });

    it("policies: text by default, --format json, anything else refused with what is allowed", () => {
        assert.deepEqual(parseCommand(["policies"]), { command: "policies", format: "text" });
        assert.deepEqual(parseCommand(["policies", "--format", "json"]), { command: "policies", format: "json" });
        assert.deepEqual(parseCommand(["policies", "--format=text"]), { command: "policies", format: "text" });
        assert.match(
            failure(() => parseCommand(["policies", "--format", "sarif"])).message,
            /^policies: --format "sarif" is not supported \(allowed: text, json\)$/,
        );
        assert.match(
            failure(() => parseCommand(["policies", "--stack", "dev"])).message,
            /^policies: .*--stack.*\(allowed: --format text\|json\)$/,
        );
        assert.match(failure(() => parseCommand(["policies", "extra"])).message, /^policies: .*extra/);
    });

    it("help and version in their usual spellings; nothing at all is help", () => {
        for (const a of [[], ["help"], ["--help"], ["-h"]]) assert.deepEqual(parseCommand(a), { command: "help" });
        for (const a of [["version"], ["--version"], ["-v"]]) assert.deepEqual(parseCommand(a), { command: "version" });
    });

    it("an unknown command: refused, quoted, with the commands and the usage", () => {
        const e = failure(() => parseCommand(["chek", "--stack", "dev"]));
        assert.match(e.message, /^"chek" is not a command \(allowed: check, policies, help, version\)\nusage: secure-baseline <command>/);
        assert.match(failure(() => parseCommand(["x".repeat(5000)])).message, /\(5000 characters, first 200 shown\) is not a command/);
    });

    it("the check's defaults: no program (found from the working folder) and no pack (the bundled one)", () => {
        const args = parseCliArgs([]);
        assert.ok(args !== "help");
        assert.equal(args.program, undefined);
        assert.equal(args.pack, undefined);
        assert.equal(bundledPackDir(), REAL_PACK, "the bundled pack is policy-pack/ of this package, not of the working folder");
    });
});

describe("secure-baseline check: finding the project, with or without a stack file", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "command-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("the working folder or the nearest one above it holding Pulumi.yaml", () => {
        assert.equal(findProjectDir(program("open-ssh")), program("open-ssh"));
        const sub = path.join(tmp, "app", "src", "deep");
        fs.mkdirSync(sub, { recursive: true });
        fs.writeFileSync(path.join(tmp, "app", "Pulumi.yaml"), "name: app\nruntime: nodejs\n");
        assert.equal(findProjectDir(sub), path.join(tmp, "app"));
    });

    it("outside any Pulumi project: refused, naming where it looked", () => {
        const outside = path.join(tmp, "outside");
        fs.mkdirSync(outside);
        const e = failure(() => findProjectDir(outside));
        assert.equal(
            e.message.startsWith(
                `not inside a Pulumi project: looked for Pulumi.yaml or Pulumi.yml in ${outside} and every folder above it`,
            ),
            true,
            e.message,
        );
        assert.match(e.message, /name one with --program DIR$/);
    });

    it("a missing program folder: refused, naming the folder it looked for", () => {
        const e = failure(() => loadProject(path.join(tmp, "nope")));
        assert.equal(
            e.message,
            `--program ${path.join(tmp, "nope")}: no such folder (looked for ${path.join(tmp, "nope")}); name the Pulumi project folder, the one holding Pulumi.yaml`,
        );
    });

    it("no stack file at all: an empty config (the project's defaults only), stack dev or the one named, and a note", () => {
        const dir = path.join(tmp, "defaults");
        fs.mkdirSync(dir);
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: defaults\nruntime: nodejs\nconfig:\n  size: { type: integer, default: 3 }\n",
        );
        const p = loadProject(dir);
        assert.equal(p.stack, DEFAULT_STACK);
        assert.equal(p.stackConfigFile, null);
        assert.equal(p.projectFile, path.join(dir, "Pulumi.yaml"));
        assert.deepEqual(p.config, { "defaults:size": "3" });
        assert.equal(
            p.configNote,
            `no stack config file (looked for Pulumi.<stack>.yaml in ${dir}): stack "dev" ran with an empty config, the project's defaults only`,
        );
        assert.equal(loadProject(dir, "qa").stack, "qa");
    });

    it("no stack file, but a key the project requires: refused, naming the key and the file to set it in", () => {
        const dir = path.join(tmp, "required");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: required\nruntime: nodejs\nconfig:\n  owner: { type: string }\n");
        assert.match(
            failure(() => loadProject(dir)).message,
            /stack "dev" is missing required configuration "required:owner" .*set it in .*required\/Pulumi\.dev\.yaml\)$/,
        );
    });

    it("the one stack file is used without --stack; with several, --stack is required", () => {
        const one = loadProject(program("open-ssh"));
        assert.equal(one.stack, "dev");
        assert.equal(one.configNote, undefined);
        const dir = path.join(tmp, "two");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: two\nruntime: nodejs\n");
        for (const s of ["a", "b"]) fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), "config: {}\n");
        assert.match(failure(() => loadProject(dir)).message, /^--stack is required: stacks found in .*: a, b$/);
    });
});

describe("secure-baseline check: a pack folder that is not a pack", () => {
    it("a Pulumi project given as the pack", () => {
        assert.match(
            failure(() => checkPackDir(program("open-ssh"))).message,
            /is a Pulumi project \(it holds Pulumi\.yaml\), not a policy pack: looked for PulumiPolicy\.yaml in .*open-ssh; a CrossGuard pack folder holds PulumiPolicy\.yaml and a package\.json/,
        );
    });
    it("a folder without package.json", () => {
        assert.equal(
            failure(() => checkPackDir(FIXTURES)).message.startsWith(
                `--pack ${FIXTURES} is not a policy pack: looked for ${path.join(FIXTURES, "package.json")}, which does not exist`,
            ),
            true,
        );
    });
    it("the bundled pack is a pack", () => {
        assert.equal(checkPackDir(bundledPackDir()).dir, REAL_PACK);
    });
});

describe("secure-baseline policies: the catalogue with the pack's version", () => {
    it("JSON: the pack's name, its version (the package's), every policy with its metadata as the pack library has it", () => {
        const c = JSON.parse(JSON.stringify(loadCatalogue())) as { name: string; version: string; policies: unknown[] };
        assert.equal(c.name, "secure-baseline");
        assert.equal(c.version, PKG.version);
        assert.ok(c.policies.length > 50, String(c.policies.length));
        assert.deepEqual(c.policies, JSON.parse(JSON.stringify(policies)));
    });

    it("text: a header naming pack@version and the count, then one line per policy and its description", () => {
        const c = loadCatalogue();
        const text = formatCatalogue(c);
        const lines = text.trimEnd().split("\n");
        assert.equal(
            lines[0],
            `Policy pack secure-baseline@${PKG.version}: ${c.policies.length} policies (control, severity, default enforcement, policy, layer)`,
        );
        assert.equal(lines.length, 2 + 2 * c.policies.length);
        for (const p of policies) {
            const at = lines.findIndex(
                (l) => l.split(/ +/).join(" ") === `${p.control} ${p.severity} ${p.defaultEnforcement} ${p.name} (${p.layer})`,
            );
            assert.ok(at > 0, `a line for ${p.name}`);
            assert.equal(lines[at + 1].trim(), p.description);
        }
    });

    it("an unbuilt pack: refused, naming the files it looked for", () => {
        const e = failure(() => loadCatalogue(FIXTURES));
        assert.equal(
            e.message,
            `the bundled policy pack is not built: looked for ${path.join(FIXTURES, "bin", "library.js")} and ${path.join(FIXTURES, "package.json")} (in a clone of the repository: npm run build:pack)`,
        );
    });
});
