/**
 * The behaviour snapshot (issue 19): what the offline check decides for the dev and prod stacks
 * and for every fixture program that runs to a verdict, reduced to what a refactor must not
 * change: each resource's URN, type, parent, protect flag and a digest of its inputs, every
 * diagnostic's policy, control, severity, enforcement, URN and message, the summary and the
 * exit status. Source positions are left out: reformatting moves lines, not verdicts.
 *
 * `node -r ts-node/register/transpile-only test/check/snapshot.ts write` records it in
 * test/fixtures/snapshots/check.json; snapshot.test.ts compares a fresh run with that file.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { CheckOptions, CheckResult, runCheck } from "../../tools/check/check";
import { CheckFailure } from "../../tools/check/errors";
import { REAL_PACK, REPO, program } from "./support";

export const SNAPSHOT_FILE = path.join(REPO, "test", "fixtures", "snapshots", "check.json");

/** Left out: a program that never ends (it only tests the time limit). */
const NOT_JUDGED = new Set(["hangs"]);

export interface Subject {
    readonly name: string;
    readonly programDir: string;
    readonly stack: string;
}

export function subjects(): Subject[] {
    const out: Subject[] = [
        { name: "stack dev", programDir: REPO, stack: "dev" },
        { name: "stack prod", programDir: REPO, stack: "prod" },
    ];
    const dir = path.join(REPO, "test", "fixtures", "programs");
    for (const name of fs.readdirSync(dir).sort()) {
        if (NOT_JUDGED.has(name) || !fs.existsSync(path.join(dir, name, "Pulumi.yaml"))) continue;
        out.push({ name: `fixture ${name}`, programDir: program(name), stack: "dev" });
    }
    return out;
}

/** Canonical JSON: object keys sorted, so the digest does not depend on the order properties were set in. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        return `{${Object.keys(o)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}

export type Snapshot =
    | {
          readonly exit: 0 | 1;
          readonly summary: CheckResult["report"]["summary"];
          readonly resources: readonly string[];
          readonly diagnostics: readonly string[];
      }
    /** The check could not run (exit 2): the first line of what it said, with the repository's path taken out. */
    | { readonly exit: 2; readonly error: string };

export function reduce(r: CheckResult): Snapshot {
    const digest = (v: unknown) => createHash("sha256").update(canonical(v)).digest("hex").slice(0, 16);
    return {
        exit: r.report.summary.mandatory > 0 ? 1 : 0,
        summary: r.report.summary,
        resources: r.report.resources
            .map((x) => `${x.urn} parent=${x.parent ?? "-"} protect=${x.protect} inputs=${digest(x.inputs)}`)
            .sort(),
        diagnostics: r.report.diagnostics
            .map((d) => `${d.policy} [${d.control ?? "-"}] ${d.severity}/${d.enforcement} ${d.urn ?? "(stack)"}: ${d.message}`)
            .sort(),
    };
}

/** The subject checked (with `pools`: in kept packs and program hosts, as the tests check; else fresh ones, as users do). */
export async function take(s: Subject, pools: Pick<CheckOptions, "packs" | "hosts"> = {}): Promise<Snapshot> {
    let r: CheckResult;
    try {
        r = await runCheck({ programDir: s.programDir, packDir: REAL_PACK, stack: s.stack, timeoutSeconds: 120, ...pools });
    } catch (e) {
        if (!(e instanceof CheckFailure)) throw e;
        return { exit: 2, error: e.message.split("\n")[0].split(REPO).join("<repo>") };
    }
    return reduce(r);
}

async function main(): Promise<void> {
    const [verb, ...only] = process.argv.slice(2);
    if (verb !== "write")
        throw new Error('usage: snapshot.ts write ["SUBJECT" ...]   (a deliberate change: re-record only the subjects it changes)');
    const names = subjects().map((x) => x.name);
    const unknown = only.filter((n) => !names.includes(n));
    if (unknown.length > 0)
        throw new Error(`no subject ${unknown.map((n) => JSON.stringify(n)).join(", ")}; the subjects are ${names.join(", ")}`);
    const out: Record<string, Snapshot> =
        only.length > 0 ? (JSON.parse(fs.readFileSync(SNAPSHOT_FILE, "utf8")) as Record<string, Snapshot>) : {};
    for (const s of subjects().filter((x) => only.length === 0 || only.includes(x.name))) {
        const t = Date.now();
        out[s.name] = await take(s);
        const o = out[s.name];
        process.stderr.write(
            `${s.name}: ${o.exit === 2 ? o.error : `${o.resources.length} resources, ${o.diagnostics.length} diagnostics`} (${Date.now() - t} ms)\n`,
        );
    }
    fs.writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(out, null, 1)}\n`);
}

if (require.main === module) {
    main().then(
        () => process.exit(0),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
            process.exit(2);
        },
    );
}
