/**
 * The product as users get it (`npm run test:package`, run by CI): `npm pack` builds the
 * tarball (prepack), an empty project installs it from the local npm cache, and there the
 * components and the pack library import, the bundled pack folder starts the way the CLI
 * starts a pack, and every runtime dependency is one the shipped code imports.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PackProcess } from "../../tools/check/pack";
import { PACK_CTX, bareResource } from "../check/support";

const ROOT = join(__dirname, "..", "..");
const npm = (args: string[], cwd: string): string => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });

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
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };

    before(() => {
        const tarball = npm(["pack", "--silent", "--pack-destination", work], ROOT).trim().split("\n").pop() ?? "";
        assert.match(tarball, /^secure-baseline-\d+\.\d+\.\d+\.tgz$/);
        execFileSync("mkdir", ["-p", project]);
        writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
        npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, tarball)], project);
        installed = join(project, "node_modules", "secure-baseline");
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    it("holds the built components, the pack library and the pack folder, not the sources", () => {
        for (const f of ["dist/components/index.js", "dist/components/index.d.ts", "policy-pack/bin/index.js", "policy-pack/bin/library.js", "policy-pack/bin/library.d.ts", "policy-pack/PulumiPolicy.yaml", "policy-pack/package.json", "LICENSE", "README.md"]) {
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
            ["-e", `const c = require("secure-baseline"); const p = require("secure-baseline/policy"); console.log(JSON.stringify({ vpc: typeof c.HardenedVpc, cluster: typeof c.SecureCluster, policies: p.policies.length, compose: typeof p.securityBaselinePack }));`],
            { cwd: project, encoding: "utf8" },
        );
        const seen = JSON.parse(out) as { vpc: string; cluster: string; policies: number; compose: string };
        assert.deepEqual({ ...seen, policies: seen.policies > 50 }, { vpc: "function", cluster: "function", policies: true, compose: "function" });
    });

    it("starts the bundled pack folder the way the CLI does, and it judges", async () => {
        const pack = await PackProcess.start(join(installed, "policy-pack"), PACK_CTX, { startTimeoutSeconds: 120 });
        try {
            const info = await pack.info();
            assert.equal(info.policies.length > 50, true);
            await pack.configureStack(PACK_CTX);
            const pod = bareResource("kubernetes:core/v1:Pod", "p", { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "team" }, spec: { containers: [{ name: "c", image: "nginx", securityContext: { privileged: true } }] } });
            const diags = await pack.analyze(pod);
            assert.ok(diags.some((d) => d.enforcement === "mandatory"), JSON.stringify(diags.map((d) => d.policy)));
        } finally {
            await pack.close();
        }
    });

    it("has no runtime dependency the shipped code does not import", () => {
        const shipped = [...jsFiles(join(installed, "dist")), ...jsFiles(join(installed, "policy-pack", "bin"))].map((f) => readFileSync(f, "utf8")).join("\n");
        for (const dep of Object.keys(pkg.dependencies)) {
            assert.ok(shipped.includes(`require("${dep}")`) || shipped.includes(`require("${dep}/`), `${dep} is a dependency, but no shipped file imports it`);
        }
        const tree = JSON.parse(npm(["ls", "--omit=dev", "--depth=0", "--json"], installed === "" ? project : project)) as { dependencies?: Record<string, unknown> };
        assert.ok(tree.dependencies && "secure-baseline" in tree.dependencies);
    });
});
