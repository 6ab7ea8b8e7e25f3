/**
 * DATA-4: how far an IAM grant of secretsmanager:GetSecretValue reaches. A team's grant is one secret, or
 * the names under `<prefix>/<team>/`: the literal part of the pattern (up to its first wildcard) must
 * name the prefix and a team segment. Pure; never throws.
 */
import type { DataRecord } from "../../lib";
import { iamGlob } from "./iam-privilege";

export const GET_SECRET_VALUE = "secretsmanager:getsecretvalue";
const PROBE_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:probe/probe/probe-AbCdEf";

/** Why the resource pattern reaches more than one team's secrets; undefined when it does not. */
export function secretPatternProblem(pattern: string, prefixes: readonly string[]): string | undefined {
    const p = pattern.trim();
    if (p === "") return undefined;
    const parts = p.split(":");
    if (parts.length < 7) {
        // "*", "arn:aws:*", "arn:aws:secretsmanager:*": a wildcard before the secret name reaches every secret.
        return iamGlob(p).test(PROBE_SECRET) ? "it matches every secret of the account" : undefined;
    }
    if (!iamGlob(parts[2]).test("secretsmanager")) return undefined;
    if (/[*?]/.test(parts[5]))
        return iamGlob(parts[5]).test("secret") ? `its resource type "${parts[5]}" is a wildcard, so it matches every secret` : undefined;
    if (parts[5].toLowerCase() !== "secret") return undefined;
    const name = parts.slice(6).join(":");
    const cut = name.search(/[*?]/);
    if (cut < 0) return undefined;
    const head = name.slice(0, cut);
    if (prefixes.length > 0) {
        const prefix = prefixes.find((x) => head.startsWith(`${x}/`));
        if (prefix === undefined)
            return `the literal part "${head}" of the name does not start with a configured prefix (${prefixes.map((x) => `"${x}/"`).join(", ")})`;
        return /^[^/*?]+\//.test(head.slice(prefix.length + 1))
            ? undefined
            : `the literal part "${head}" of the name stops before a team segment ("${prefix}/<team>/")`;
    }
    return /^[^/]+\/[^/]+\//.test(head) ? undefined : `the literal part "${head}" of the name does not reach "<prefix>/<team>/"`;
}

/** A string or a list of strings; anything else undefined (the caller reports it). */
export function stringsOf(value: unknown): readonly string[] | undefined {
    if (typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
    return undefined;
}

/** True when an Allow statement's Action/NotAction lets it call GetSecretValue. */
export function allowsGetSecretValue(stmt: DataRecord): boolean | undefined {
    const hasNot = stmt.NotAction !== undefined;
    const list = stringsOf(hasNot ? stmt.NotAction : stmt.Action);
    if (list === undefined) return undefined;
    const hit = list.some((a) => iamGlob(a.trim()).test(GET_SECRET_VALUE));
    return hasNot ? !hit : hit;
}
