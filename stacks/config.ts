/**
 * Typed, validated stack config. Every key is read and checked before any resource exists; a bad value
 * stops the program with a message naming the config key (e.g. `secure-baseline:natStrategy`), quoting
 * the value and saying what is allowed.
 *
 * Adding a section (cluster, detection, teams): define its keys and a builder in `sections/<name>.ts`,
 * spread its keys into CONFIG_KEYS, add its builder to parseConfig and its type to BaselineConfig, and
 * declare its keys in Pulumi.yaml (a test checks the two agree).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { NETWORK_KEYS, NetworkConfig, networkSection } from "./sections/network";

/** The project name, and so the namespace of every key in Pulumi.<stack>.yaml. */
export const CONFIG_NAMESPACE = "secure-baseline";

export const CONFIG_KEYS = { ...NETWORK_KEYS } as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;

export interface BaselineConfig {
    readonly network: NetworkConfig;
}

export class ConfigError extends Error {}

/** `secure-baseline:<key>` as it appears in stack files and messages. */
export function configKey(key: string): string {
    return `${CONFIG_NAMESPACE}:${key}`;
}

const SCHEMA = z.strictObject(CONFIG_KEYS);

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

function valueAt(raw: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
    let v: unknown = raw;
    for (const p of path) {
        // Pulumi passes lists as JSON text: look inside it to quote the bad element.
        if (typeof v === "string" && v.trim().startsWith("[")) v = safeJson(v);
        v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    }
    return v;
}

function describe(raw: Record<string, unknown>, issue: z.core.$ZodIssue): string {
    if (issue.code === "unrecognized_keys") {
        const known = Object.keys(CONFIG_KEYS).map(configKey).join(", ");
        return `unknown config key ${issue.keys.map((k) => configKey(k)).join(", ")}; known keys: ${known}`;
    }
    const [head, ...rest] = issue.path;
    const name = configKey(String(head)) + rest.map((p) => `[${String(p)}]`).join("");
    const value = valueAt(raw, issue.path);
    return `${name} ${JSON.stringify(value) ?? String(value)} ${issue.message}`;
}

/** Validates raw config (keys without the namespace) and returns the typed config. Pure: tests call it directly. */
export function parseConfig(raw: Record<string, unknown>): BaselineConfig {
    const parsed = SCHEMA.safeParse(raw);
    if (!parsed.success) {
        throw new ConfigError(`invalid stack config: ${parsed.error.issues.map((i) => describe(raw, i)).join("; ")}`);
    }
    try {
        return { network: networkSection(parsed.data, configKey) };
    } catch (e) {
        throw new ConfigError(`invalid stack config: ${(e as Error).message}`);
    }
}

/** Reads every `secure-baseline:*` key the engine passed (Pulumi.yaml defaults included) and parses them. */
export function readConfig(): BaselineConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
    }
    return parseConfig(raw);
}
