/**
 * Check runs that several test files make exactly alike, run once per test process. The
 * parity test checks every fixture program in both modes against the real pack; the verdict,
 * preview and @pulumi/eks tests check some of the same programs the same way; the verdict,
 * pack config and source tests all check open-ssh against the one-policy pack. Each run
 * starts a program host and a pack (about 4 s of CPU); whichever file asks first runs it, and
 * a later file in the same mocha worker reads the same result. The result is shared, so tests
 * only read it. The runs take their packs and program hosts from pools (tools/check/packPool.ts,
 * tools/check/hostPool.ts): a started pack or host serves run after run, which spares a pack start
 * (about a second of CPU) and a host start (one to three seconds) per run. The behaviour snapshot
 * (test:snapshot) checks that pooled runs give what fresh ones do.
 */
import * as path from "path";
import { CheckResult, runCheck } from "../../tools/check/check";
import { HostPool } from "../../tools/check/hostPool";
import { PackPool } from "../../tools/check/packPool";
import type { CheckMode } from "../../tools/check/records";
import { REAL_PACK, compiledCheck, fixturePack, program } from "./support";

const runs = new Map<string, Promise<CheckResult>>();

/** The packs of this test process's check runs (idle ones never keep it alive). */
export const PACKS = new PackPool();
/** The program hosts of this test process's check runs (idle ones never keep it alive). */
export const HOSTS = new HostPool({ entry: compiledCheck("programHost") });
/** Both pools, as check options: `runCheck({ ...POOLS, ... })`. */
export const POOLS = { packs: PACKS, hosts: HOSTS } as const;

function once(key: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
    let p = runs.get(key);
    if (!p) {
        p = run();
        // A failure is the asking test's to report, each time it asks.
        p.catch(() => undefined);
        runs.set(key, p);
    }
    return p;
}

/**
 * The fixture program `fixture` checked by the real pack in `mode`, with no pack config and the
 * check's default stack: the only stack config file, Pulumi.dev.yaml for every fixture the
 * tests name (so this is the run `--stack dev` makes), or stack "dev" with an empty config.
 */
export function fixtureCheck(fixture: string, mode: CheckMode = "preview"): Promise<CheckResult> {
    return once(`real\0${fixture}\0${mode}`, () =>
        runCheck({
            programDir: path.resolve(program(fixture)),
            packDir: REAL_PACK,
            timeoutSeconds: 180,
            mode,
            packProcesses: 1,
            ...POOLS,
        }),
    );
}

/** open-ssh, stack dev, checked by the one-policy fixture pack with no pack config: blocked by its one policy. */
export function openSshOnePolicy(): Promise<CheckResult> {
    return once("one-policy\0open-ssh", () =>
        runCheck({ programDir: program("open-ssh"), packDir: fixturePack("one-policy"), stack: "dev", timeoutSeconds: 120, ...POOLS }),
    );
}
