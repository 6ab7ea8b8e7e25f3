import { strict as assert } from "assert";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { DETECTION_AND_CLUSTER_POLICIES } from "../../../policy-pack/policies/detection";

describe("PACK-1/PACK-5: detection and cluster policies are in the pack, each with its tests", () => {
    const names = DETECTION_AND_CLUSTER_POLICIES.map((p) => p.meta.name);
    it("PACK-1: every one is in ALL_POLICIES, once", () => {
        const all = ALL_POLICIES.map((p) => p.meta.name);
        for (const n of names) {
            assert.equal(all.filter((a) => a === n).length, 1, n);
        }
    });
    it("PACK-5: every one is exercised by a test file of this folder or of ../iam (by its module)", () => {
        // This folder's tests, and the IAM folder's (the EKS access policies that judge IAM-shaped grants live there).
        const iamDir = join(__dirname, "..", "iam");
        const sources = [
            ...readdirSync(__dirname)
                .filter((f) => f.endsWith(".test.ts") && f !== "nothrow.test.ts" && f !== "catalogue.test.ts")
                .map((f) => join(__dirname, f)),
            ...readdirSync(iamDir)
                .filter((f) => f.endsWith(".test.ts"))
                .map((f) => join(iamDir, f)),
        ]
            .map((f) => readFileSync(f, "utf8"))
            .join("\n");
        for (const n of names) {
            assert.ok(sources.includes(`/${n}"`), `no test imports the policy module ${n}`);
        }
    });
});
