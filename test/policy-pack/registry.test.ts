/**
 * Issue 19: one registry of policies. policies/index.ts's ALL_POLICIES is the only list; the pack
 * entry, the catalogue and the narrower views (Kubernetes, AWS, pod policies) come from it.
 */
import { strict as assert } from "assert";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import type { SecurePolicy } from "../../policy-pack/lib";
import { ALL_POLICIES, AWS_POLICIES, KUBERNETES_POLICIES, POD_POLICIES, packPolicies } from "../../policy-pack/policies";

const POLICIES_DIR = join(__dirname, "..", "..", "policy-pack", "policies");
const LAYERS = ["cloud", "cluster", "container", "code"];
const TEST_DIR = join(__dirname, "..");

function isSecurePolicy(v: unknown): v is SecurePolicy {
    const o = v as Partial<SecurePolicy> | null;
    return (
        typeof o === "object" && o !== null && typeof o.meta?.name === "string" && typeof o.policy === "object" && Array.isArray(o.types)
    );
}

describe("PACK-1/PACK-5: one registry of policies", () => {
    const names = ALL_POLICIES.map((p) => p.meta.name);

    it("every policy a module of a layer folder exports is registered, once", () => {
        const exported = new Set<SecurePolicy>();
        for (const layer of LAYERS) {
            for (const f of readdirSync(join(POLICIES_DIR, layer)).filter((x) => x.endsWith(".ts"))) {
                // eslint-disable-next-line @typescript-eslint/no-require-imports -- every module of the folder, by path
                const mod = require(join(POLICIES_DIR, layer, f)) as Record<string, unknown>;
                for (const v of Object.values(mod)) if (isSecurePolicy(v)) exported.add(v);
            }
        }
        assert.ok(exported.size >= 100);
        for (const p of exported) assert.ok(ALL_POLICIES.includes(p), `${p.meta.name} is exported by a policy module but not registered`);
        assert.equal(new Set(names).size, names.length);
        assert.equal(new Set(ALL_POLICIES).size, ALL_POLICIES.length);
    });

    it("nothing else in the policies folder declares a list of policies", () => {
        for (const f of readdirSync(POLICIES_DIR, { recursive: true }) as string[]) {
            if (!f.endsWith(".ts") || f === "index.ts") continue;
            assert.doesNotMatch(readFileSync(join(POLICIES_DIR, f), "utf8"), /: readonly SecurePolicy\[\]|SecurePolicy\[\] = \[/, f);
        }
    });

    it("the pack hands CrossGuard exactly the registry's policies, in its order", () => {
        assert.deepEqual(
            packPolicies().map((p) => p.name),
            names,
        );
    });

    it("the views are the registry filtered, and together they miss nothing", () => {
        for (const view of [AWS_POLICIES, KUBERNETES_POLICIES, POD_POLICIES]) {
            for (const p of view) assert.ok(ALL_POLICIES.includes(p), p.meta.name);
        }
        for (const p of ALL_POLICIES) assert.ok(AWS_POLICIES.includes(p) || KUBERNETES_POLICIES.includes(p), `${p.meta.name} is in a view`);
        for (const p of POD_POLICIES) assert.ok(KUBERNETES_POLICIES.includes(p), p.meta.name);
        assert.ok(POD_POLICIES.length >= 12 && KUBERNETES_POLICIES.length > POD_POLICIES.length && AWS_POLICIES.length > 50);
    });

    it("every registered policy is exercised by a test that names it", () => {
        const sources = (readdirSync(TEST_DIR, { recursive: true }) as string[])
            .filter((f) => f.endsWith(".ts") && !f.endsWith("registry.test.ts"))
            .map((f) => readFileSync(join(TEST_DIR, f), "utf8"))
            .join("\n");
        for (const n of names) assert.ok(sources.includes(n), `no test names ${n}`);
    });
});
