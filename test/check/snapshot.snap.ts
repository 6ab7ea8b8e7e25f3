/**
 * Behaviour unchanged (issue 19): a fresh run of the offline check on the dev and prod stacks and
 * on every fixture program gives the verdicts recorded in test/fixtures/snapshots/check.json
 * before the refactor (see snapshot.ts). Run by `npm run test:snapshot` (in .ci/run); about 40
 * check runs, too slow for `npm test`'s time budget.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { SNAPSHOT_FILE, Snapshot, subjects, take } from "./snapshot";

describe("behaviour snapshot: the check's verdicts are the ones recorded before the refactor", function () {
    this.timeout(300_000);
    const recorded = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, "utf8")) as Record<string, Snapshot>;
    const all = subjects();

    it("every recorded subject is still a subject, and every subject was recorded", () => {
        assert.deepEqual(all.map((s) => s.name).sort(), Object.keys(recorded).sort());
    });

    for (const s of all) {
        it(s.name, async () => {
            assert.ok(
                recorded[s.name],
                `${s.name} has a recorded snapshot (write it with: node -r ts-node/register/transpile-only test/check/snapshot.ts write)`,
            );
            assert.deepEqual(await take(s), recorded[s.name]);
        });
    }
});
