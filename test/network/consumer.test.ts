import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { existsSync } from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const ENTRY_TYPES = path.join(ROOT, "dist", "components", "index.d.ts");

describe("example consumer (package entry point)", () => {
    it('examples/consumer imports HardenedVpc from "secure-baseline" and type-checks against the built package', function () {
        this.timeout(120_000);
        // `npm test` builds before mocha; run `npm run build` first when running this file alone.
        assert.ok(existsSync(ENTRY_TYPES), `${ENTRY_TYPES} is missing: run \`npm run build\` first`);
        const tsc = require.resolve("typescript/bin/tsc");
        const result = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "examples", "tsconfig.json")], {
            cwd: ROOT,
            encoding: "utf8",
        });
        assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
    });
});
