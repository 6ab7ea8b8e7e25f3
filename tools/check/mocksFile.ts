/**
 * `--mocks FILE`: the user's own answers for invokes, as a JSON or YAML list of
 * `{token, args?, result}`. An entry answers an invoke of its token whose
 * arguments include every key of `args` with an equal value (`args` left out
 * matches any call); the first matching entry wins, before the built-in answers.
 */
import * as fs from "fs";
import { parse } from "yaml";
import { CheckFailure } from "./errors";

export interface MockAnswer {
    readonly token: string;
    readonly args?: Readonly<Record<string, unknown>>;
    readonly result: Readonly<Record<string, unknown>>;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const TOKEN = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_./-]*:[A-Za-z0-9_]+$/;

/** Reads and checks a mocks file; any problem is a CheckFailure naming the file and the entry. */
export function readMocksFile(file: string): MockAnswer[] {
    const fail = (why: string) =>
        new CheckFailure(`--mocks ${file}: ${why}; expected a list of {token: "pkg:module:function", args?: {...}, result: {...}}`);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    let data: unknown;
    try {
        // YAML is a superset of JSON: one parser reads both.
        data = parse(text);
    } catch (e) {
        throw fail(`is neither JSON nor YAML (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`);
    }
    if (!Array.isArray(data)) throw fail(`the top level is ${data === null ? "empty" : typeof data}, not a list`);
    return data.map((e: unknown, i) => {
        if (!isMap(e)) throw fail(`entry ${i + 1} is not an object`);
        const extra = Object.keys(e).filter((k) => !["token", "args", "result"].includes(k));
        if (extra.length > 0) throw fail(`entry ${i + 1} has unknown key(s) ${extra.map((k) => `"${k}"`).join(", ")}`);
        if (typeof e.token !== "string" || !TOKEN.test(e.token))
            throw fail(`entry ${i + 1}: token ${JSON.stringify(e.token)?.slice(0, 80)} is not an invoke token`);
        if (e.args !== undefined && !isMap(e.args)) throw fail(`entry ${i + 1} (${e.token}): args must be an object`);
        if (!isMap(e.result)) throw fail(`entry ${i + 1} (${e.token}): result must be an object`);
        return { token: e.token, args: e.args, result: e.result };
    });
}

/** True when `actual` holds `expected`: equal scalars, maps with at least the expected keys, lists of equal length. */
export function argsMatch(expected: unknown, actual: unknown): boolean {
    if (Array.isArray(expected))
        return Array.isArray(actual) && actual.length === expected.length && expected.every((x, i) => argsMatch(x, actual[i]));
    if (isMap(expected)) return isMap(actual) && Object.entries(expected).every(([k, v]) => argsMatch(v, actual[k]));
    return expected === actual;
}

export function findMock(mocks: readonly MockAnswer[], token: string, args: Record<string, unknown>): MockAnswer | undefined {
    return mocks.find((m) => m.token === token && (m.args === undefined || argsMatch(m.args, args)));
}
