/**
 * Behaviour unchanged (issue 19): a fresh run of the offline check on the dev and prod stacks and
 * on every fixture program gives the verdicts recorded in test/fixtures/snapshots/check.json
 * before the refactor (see snapshot.ts). Run by `npm run test:snapshot` (in .ci/run); about 40
 * fresh check runs, too slow for `npm test`'s time budget. Then the same subjects once more, in
 * one pool of packs and one of program hosts (as `npm test` runs its checks): the same snapshot.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { HostPool } from "../../tools/check/hostPool";
import { PackPool } from "../../tools/check/packPool";
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

describe("behaviour snapshot: kept packs and program hosts (the tests' pools) give the recorded verdicts too", function () {
    this.timeout(300_000);
    const recorded = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, "utf8")) as Record<string, Snapshot>;
    const pools = { packs: new PackPool(), hosts: new HostPool() };
    after(async () => {
        await pools.hosts.close();
        await pools.packs.close();
    });

    for (const s of subjects()) {
        it(`${s.name} (pooled)`, async () => {
            assert.deepEqual(await take(s, pools), recorded[s.name]);
        });
    }

    it("the pools were used: far fewer hosts started than programs checked", () => {
        // A new host only after a program that failed (which ends its host).
        const failed = Object.values(recorded).filter((x) => x.exit === 2).length;
        assert.ok(pools.hosts.starts <= failed + 1, `${pools.hosts.starts} hosts for ${subjects().length} subjects, ${failed} failing`);
    });
});
