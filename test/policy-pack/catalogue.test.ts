/**
 * PACK-5: docs/policies.md is exactly what the generator renders from the metadata, and
 * the pack folder is a plain CrossGuard pack the CLI can start.
 */
import { strict as assert } from "assert";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { createRequire } from "module";
import type { PolicyPackArgs } from "@pulumi/policy";
import type { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";
import { renderCatalogue } from "../../policy-pack/lib";
import { ALL_POLICIES, PACK_NAME, packPolicies } from "../../policy-pack/policies";

const ROOT = join(__dirname, "..", "..");
const PACK = join(ROOT, "policy-pack");

describe("PACK-5 catalogue and pack layout", () => {
    it("docs/policies.md equals the generator's output (run `npm run catalogue`)", () => {
        assert.equal(readFileSync(join(ROOT, "docs", "policies.md"), "utf8"), renderCatalogue(ALL_POLICIES));
    });
    it("every policy appears in the catalogue with its control, severity and exemption key", () => {
        const doc = renderCatalogue(ALL_POLICIES);
        for (const p of ALL_POLICIES) {
            assert.match(doc, new RegExp(`\\| \\[${p.meta.name}\\]\\(#${p.meta.name}\\) \\| ${p.meta.control} \\| ${p.meta.severity} \\|`));
            assert.ok(doc.includes(`secure-baseline.io/exempt-${p.meta.name}`));
        }
    });
    it("the pack has PulumiPolicy.yaml, a versioned package.json whose main is the bundled compiled JS, and an entry that only constructs the pack", () => {
        assert.match(readFileSync(join(PACK, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        const pkg = JSON.parse(readFileSync(join(PACK, "package.json"), "utf8")) as { version?: string; main?: string };
        assert.match(pkg.version ?? "", /^\d+\.\d+\.\d+$/);
        assert.equal(pkg.main, "bin/pack.js");
        const entry = readFileSync(join(PACK, "index.ts"), "utf8").replace(/\/\/.*$/gm, "");
        assert.equal((entry.match(/new PolicyPack\(/g) ?? []).length, 1);
        assert.doesNotMatch(entry, /resourcePolicy\(|stackPolicy\(|validateResource/);
    });
    it("@pulumi/policy resolves from the pack folder (the CLI starts the pack there)", () => {
        assert.ok(require.resolve("@pulumi/policy", { paths: [PACK] }));
        assert.ok(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK] }));
    });
    it("the pack never imports components/ and imports provider SDKs only as types", () => {
        const files = (readdirSync(PACK, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.startsWith("bin"));
        assert.ok(files.length > 20);
        for (const f of files) {
            const text = readFileSync(join(PACK, f), "utf8");
            assert.doesNotMatch(text, /from "(\.\.\/)+components/, f);
            assert.doesNotMatch(text, /^import (?!type )[^;]*from "@pulumi\/(aws|kubernetes|eks)/m, f);
        }
    });
    it("GetAnalyzerInfo's builder (protoutil.makeAnalyzerInfo) lists every policy with level, severity and config schema", () => {
        const protoutil: {
            makeAnalyzerInfo(name: string, version: string, level: string, args: PolicyPackArgs, initial?: unknown): AnalyzerInfo;
        } = createRequire(require.resolve("@pulumi/policy"))("./protoutil");
        const info = protoutil.makeAnalyzerInfo(PACK_NAME, "0.1.0", "advisory", { policies: packPolicies() });
        const listed = info.getPoliciesList();
        assert.deepEqual(
            listed.map((p) => p.getName()),
            ALL_POLICIES.map((p) => p.meta.name),
        );
        for (const p of listed) {
            const props = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
            assert.ok("unknown" in props && "include" in props && "exclude" in props, p.getName());
        }
    });
});
