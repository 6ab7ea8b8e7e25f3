/**
 * docs/controls.md, the controls catalogue users read, stays true: it is exactly what the
 * generator renders; every policy guards a catalogued control; every component a control
 * names is exported by the package; every control a component builds is named by a test.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import * as components from "../../components";
import { CONTROLS, CONTROL_IDS } from "../../policy-pack/lib/controls";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { renderControls, testsByControl } from "../../policy-pack/scripts/controlsDoc";

const ROOT = join(__dirname, "..", "..");

describe("controls catalogue (docs/controls.md)", () => {
    const tests = testsByControl(ROOT);

    it("equals the generator's output (run `npm run catalogue`)", () => {
        assert.equal(readFileSync(join(ROOT, "docs", "controls.md"), "utf8"), renderControls(ALL_POLICIES, tests));
    });
    it("lists each control once", () => {
        assert.equal(CONTROL_IDS.size, CONTROLS.length);
    });
    it("every policy guards a control of the catalogue", () => {
        const strays = ALL_POLICIES.filter((p) => !CONTROL_IDS.has(p.meta.control)).map((p) => `${p.meta.name} (${p.meta.control})`);
        assert.deepEqual(strays, []);
    });
    it("every component a control names is exported by the package", () => {
        const exported = new Set(Object.keys(components));
        for (const c of CONTROLS) {
            for (const name of c.components) {
                assert.ok(exported.has(name), `${c.id} names ${name}, which components/index.ts does not export`);
            }
        }
    });
    it("a control with no component says why", () => {
        for (const c of CONTROLS.filter((x) => x.components.length === 0)) {
            assert.ok((c.status ?? "").trim() !== "", `${c.id} has no component and no status`);
        }
    });
    it("every control a component builds is named by at least one test", () => {
        const unproved = CONTROLS.filter((c) => c.components.length > 0 && (tests.get(c.id) ?? []).length === 0).map((c) => c.id);
        assert.deepEqual(unproved, []);
    });
    it("the test index finds whole IDs only (an ID is not found inside a longer one)", () => {
        const short = CONTROLS.find((c) => CONTROL_IDS.has(`${c.id}0`));
        assert.ok(short, "the catalogue has an ID that prefixes another");
        for (const f of tests.get(short.id) ?? []) {
            assert.match(readFileSync(join(ROOT, f), "utf8"), new RegExp(`\\b${short.id}(?![0-9])`));
        }
    });
});
