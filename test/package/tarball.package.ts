/**
 * The product as users get it (`npm run test:package`, run by CI): `npm pack` builds the
 * tarball (prepack), an empty project installs it from the local npm cache (the registry only
 * for what the cache lacks), and there the components and the pack library import, the
 * `secure-baseline` command checks a secure and an insecure TypeScript program and prints the
 * catalogue, the bundled pack folder starts the way the CLI starts a pack, and every runtime
 * dependency is one the shipped code imports.
 */
import { strict as assert } from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ENGINE_ADDRESS_PLACEHOLDER, PackProcess } from "../../tools/check/pack";
import { PACK_CTX, bareResource } from "../check/support";

/** A Pulumi TypeScript project with no stack file, no tsconfig, no dependencies of its own: the consumer's. */
function writeProgram(dir: string, name: string, source: string): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    writeFileSync(join(dir, "index.ts"), source);
}

const ROOT = join(__dirname, "..", "..");
const npm = (args: string[], cwd: string): string =>
    execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });

/** Every JS file under `dir`. */
function jsFiles(dir: string): string[] {
    const out: string[] = [];
    for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) out.push(...jsFiles(p));
        else if (name.endsWith(".js")) out.push(p);
    }
    return out;
}

describe("the npm package secure-baseline, installed into an empty project", function () {
    this.timeout(900_000);
    const work = mkdtempSync(join(tmpdir(), "secure-baseline-package-"));
    const project = join(work, "consumer");
    let installed = "";
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
        version: string;
        dependencies: Record<string, string>;
        peerDependencies: Record<string, string>;
    };
    /** Runs the installed command as a user does (node_modules/.bin), in `cwd`. */
    const command = (args: string[], cwd: string) => {
        const r = spawnSync(join(project, "node_modules", ".bin", "secure-baseline"), args, {
            cwd,
            encoding: "utf8",
            maxBuffer: 64 << 20,
            timeout: 300_000,
        });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    before(() => {
        const tarball = npm(["pack", "--silent", "--pack-destination", work], ROOT).trim().split("\n").pop() ?? "";
        assert.match(tarball, /^secure-baseline-\d+\.\d+\.\d+\.tgz$/);
        execFileSync("mkdir", ["-p", project]);
        writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
        npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, tarball)], project);
        installed = join(project, "node_modules", "secure-baseline");
        writeProgram(
            join(project, "insecure"),
            "insecure",
            [
                `import * as aws from "@pulumi/aws";`,
                `new aws.ec2.SecurityGroup("open-ssh", { description: "ssh from anywhere", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });`,
                "",
            ].join("\n"),
        );
        writeProgram(
            join(project, "secure"),
            "secure",
            [
                `import { CustomerManagedKey } from "secure-baseline";`,
                `export const keyArn = new CustomerManagedKey("data", { purpose: "storage" }).keyArn;`,
                "",
            ].join("\n"),
        );
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    it("holds the built components, the pack library and the pack folder, not the sources", () => {
        for (const f of [
            "dist/components/index.js",
            "dist/components/index.d.ts",
            "policy-pack/bin/index.js",
            "policy-pack/bin/pack.js",
            "policy-pack/bin/library.js",
            "policy-pack/bin/library.d.ts",
            "policy-pack/PulumiPolicy.yaml",
            "policy-pack/package.json",
            "LICENSE",
            "README.md",
        ]) {
            assert.ok(statSync(join(installed, f)).isFile(), f);
        }
        assert.throws(() => statSync(join(installed, "components")), /ENOENT/);
        assert.throws(() => statSync(join(installed, "test")), /ENOENT/);
    });

    it("the pack's version is the package's version", () => {
        const packPkg = JSON.parse(readFileSync(join(installed, "policy-pack", "package.json"), "utf8")) as { version: string };
        assert.equal(packPkg.version, pkg.version);
    });

    it("imports the components and the pack library by their public names", () => {
        const out = execFileSync(
            process.execPath,
            [
                "-e",
                `const c = require("secure-baseline"); const p = require("secure-baseline/policy"); console.log(JSON.stringify({ vpc: typeof c.HardenedVpc, cluster: typeof c.SecureCluster, policies: p.policies.length, compose: typeof p.securityBaselinePack }));`,
            ],
            { cwd: project, encoding: "utf8" },
        );
        const seen = JSON.parse(out) as { vpc: string; cluster: string; policies: number; compose: string };
        assert.deepEqual(
            { ...seen, policies: seen.policies > 50 },
            { vpc: "function", cluster: "function", policies: true, compose: "function" },
        );
    });

    it("starts the bundled pack folder the way the CLI does, and it judges", async () => {
        const pack = await PackProcess.start(join(installed, "policy-pack"), PACK_CTX, { startTimeoutSeconds: 120 });
        try {
            const info = await pack.info();
            assert.equal(info.policies.length > 50, true);
            await pack.configureStack(PACK_CTX);
            const pod = bareResource("kubernetes:core/v1:Pod", "p", {
                apiVersion: "v1",
                kind: "Pod",
                metadata: { name: "p", namespace: "team" },
                spec: { containers: [{ name: "c", image: "nginx", securityContext: { privileged: true } }] },
            });
            const diags = await pack.analyze(pod);
            assert.ok(
                diags.some((d) => d.enforcement === "mandatory"),
                JSON.stringify(diags.map((d) => d.policy)),
            );
        } finally {
            await pack.close();
        }
    });

    it("secure-baseline check: an insecure program from its own folder, no --program, no stack file: exit 1 naming the policy", () => {
        const r = command(["check"], join(project, "insecure"));
        assert.equal(r.code, 1, r.stderr);
        assert.match(
            r.stdout,
            /^Offline check of stack "dev" \(project insecure\) with policy pack secure-baseline@(\S+) \(\d+ policies\)$/m,
        );
        assert.equal(/policy pack secure-baseline@(\S+)/.exec(r.stdout)?.[1], pkg.version, "the pack's version is the package's");
        assert.match(
            r.stdout,
            /^Stack config: no stack config file \(looked for Pulumi\.<stack>\.yaml in .*insecure\): stack "dev" ran with an empty config/m,
        );
        assert.match(
            r.stdout,
            /\[MANDATORY\] NET-6 +ec2-security-group-no-public-ingress\n +resource: aws:ec2\/securityGroup:SecurityGroup +open-ssh\n +at index\.ts:2/,
        );
        assert.match(r.stdout, /^BLOCKED: mandatory policy violations/m);
    });

    it("secure-baseline check --program: a program built from the package's components passes (exit 0); JSON and SARIF name the pack's version", () => {
        const r = command(["check", "--program", "secure"], project);
        assert.equal(r.code, 0, r.stderr + r.stdout);
        assert.match(r.stdout, /\+ aws:kms\/key:Key +data-key +\[protect\]/);
        assert.match(r.stdout, /^PASSED: no mandatory policy violation/m);
        const json = command(["check", "--program", "secure", "--format", "json"], project);
        assert.equal(json.code, 0, json.stderr);
        const report = JSON.parse(json.stdout) as { pack: { name: string; version: string }; stackConfigFile: string | null };
        assert.deepEqual([report.pack, report.stackConfigFile], [{ name: "secure-baseline", version: pkg.version }, null]);
        const sarif = command(["check", "--program", "secure", "--format", "sarif"], project);
        assert.equal(sarif.code, 0, sarif.stderr);
        const driver = (
            JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string; properties: { policyPack: string } } } }[] }
        ).runs[0].tool.driver;
        assert.deepEqual([driver.version, driver.properties.policyPack], [pkg.version, `secure-baseline@${pkg.version}`]);
    });

    it("secure-baseline check: bad input exits 2 saying what it looked for", () => {
        const outside = mkdtempSync(join(tmpdir(), "secure-baseline-outside-"));
        try {
            const r = command(["check"], outside);
            assert.equal(r.code, 2, r.stderr);
            assert.match(r.stderr, /not inside a Pulumi project: looked for Pulumi\.yaml or Pulumi\.yml in .* and every folder above it/);
        } finally {
            rmSync(outside, { recursive: true, force: true });
        }
        const missing = command(["check", "--program", "no-such-folder"], project);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /--program no-such-folder: no such folder \(looked for .*consumer\/no-such-folder\)/);
        const notPack = command(["check", "--program", "secure", "--pack", "insecure"], project);
        assert.equal(notPack.code, 2);
        assert.match(
            notPack.stderr,
            /--pack insecure is a Pulumi project \(it holds Pulumi\.yaml\), not a policy pack: looked for PulumiPolicy\.yaml/,
        );
    });

    it("secure-baseline policies --format json: the catalogue, with the pack's version", () => {
        const r = command(["policies", "--format", "json"], project);
        assert.equal(r.code, 0, r.stderr);
        const c = JSON.parse(r.stdout) as { name: string; version: string; policies: { name: string; control: string }[] };
        assert.deepEqual([c.name, c.version], ["secure-baseline", pkg.version]);
        assert.ok(c.policies.some((p) => p.name === "ec2-security-group-no-public-ingress" && p.control === "NET-6"));
        const text = command(["policies"], project);
        assert.equal(text.code, 0, text.stderr);
        assert.match(
            text.stdout,
            new RegExp(`^Policy pack secure-baseline@${pkg.version.replace(/\./g, "\\.")}: ${c.policies.length} policies`),
        );
    });

    it("the bundled pack folder started as the CLI starts it (node <@pulumi/pulumi>/cmd/run-policy-pack <engine> .) prints its port", async () => {
        const packDir = join(installed, "policy-pack");
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        assert.ok(runner.startsWith(join(project, "node_modules")), `the consumer's own @pulumi/pulumi: ${runner}`);
        const child = spawn(process.execPath, [runner, ENGINE_ADDRESS_PLACEHOLDER, "."], {
            cwd: packDir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            const first = await new Promise<string>((resolve, reject) => {
                let out = "";
                let err = "";
                child.stdout.on("data", (d: Buffer) => {
                    out += d.toString();
                    if (out.includes("\n")) resolve(out.split("\n")[0]);
                });
                child.stderr.on("data", (d: Buffer) => (err += d.toString()));
                child.once("exit", (code) => reject(new Error(`the pack exited (${code}) before printing a port: ${err}`)));
            });
            assert.match(first.trim(), /^\d+$/);
        } finally {
            child.kill("SIGKILL");
        }
    });

    it("has no runtime dependency the shipped code does not import", () => {
        const shipped = [
            ...jsFiles(join(installed, "dist")),
            ...jsFiles(join(installed, "policy-pack", "bin")),
            join(installed, "tools", "check", "bin.js"),
        ]
            .map((f) => readFileSync(f, "utf8"))
            .join("\n");
        // require("x"), require("x/..."), require.resolve("x..."), and the check's lookup from the user's program first (fromProgram("x")).
        const imports = (dep: string) =>
            new RegExp(`(require|require\\.resolve|fromProgram)\\("${dep.replace(/[.]/g, "\\.")}(/[^"]*)?"`).test(shipped);
        for (const dep of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]) {
            assert.ok(imports(dep), `${dep} is a runtime dependency, but no shipped file imports it`);
        }
        // What npm installed for production: the package, and beside it only what it or its dependencies need.
        const tree = JSON.parse(npm(["ls", "--omit=dev", "--depth=0", "--json"], project)) as { dependencies?: Record<string, unknown> };
        assert.deepEqual(Object.keys(tree.dependencies ?? {}), ["secure-baseline"]);
        const own = JSON.parse(npm(["ls", "--omit=dev", "--depth=1", "--json"], project)) as {
            dependencies: Record<string, { dependencies?: Record<string, unknown> }>;
        };
        const direct = Object.keys(own.dependencies["secure-baseline"].dependencies ?? {}).sort();
        assert.deepEqual(
            direct,
            [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)].sort(),
            "npm ls --omit=dev lists exactly the declared runtime and peer dependencies",
        );
    });
});
