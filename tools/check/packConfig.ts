/**
 * Policy pack configuration, reconciled as the Pulumi CLI does before it calls
 * `Configure`: each policy starts from its enforcement level and the defaults
 * in its config schema, then the pack's initial config, then the file given
 * with --pack-config (`{"all": "advisory", "<policy>": "mandatory" | {
 * "enforcementLevel": ..., <key>: <value> }}`, JSON or YAML). The result is
 * validated against each policy's schema (JSON Schema as the pack declares it).
 *
 * Stricter than the CLI on purpose: a policy name the pack does not have, or a
 * key a policy's schema does not declare, is an error — a typo must not
 * silently leave a security policy on its default.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";
import { parse } from "yaml";
import { CheckFailure, errorMessage, quote } from "./errors";
import type { Enforcement, PackInfo } from "./pack";

export type PolicyConfig = { enforcement: Enforcement; properties: Record<string, unknown> };

const LEVELS: readonly Enforcement[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(v: unknown): v is Enforcement {
    return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Given = Record<string, { enforcement?: Enforcement; properties: Record<string, unknown> }>;

/** Reads and normalises a pack config file; throws CheckFailure naming the file and entry. */
export function readPackConfigFile(file: string): Given {
    let doc: unknown;
    try {
        const text = fs.readFileSync(file, "utf8");
        doc = text.trim() === "" ? {} : parse(text);
    } catch (e) {
        throw new CheckFailure(`cannot read the pack config ${file}: ${errorMessage(e)}`);
    }
    if (!isRecord(doc)) throw new CheckFailure(`the pack config ${file} must be an object keyed by policy name`);
    const out: Given = {};
    for (const [policy, v] of Object.entries(doc)) {
        if (typeof v === "string") {
            if (!isLevel(v))
                throw new CheckFailure(
                    `pack config ${file}: ${quote(policy)}: ${quote(v)} is not an enforcement level (allowed: ${LEVELS.join(", ")})`,
                );
            out[policy] = { enforcement: v, properties: {} };
        } else if (isRecord(v)) {
            const { enforcementLevel, ...properties } = v;
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                throw new CheckFailure(
                    `pack config ${file}: ${quote(policy)}.enforcementLevel: ${quote(enforcementLevel)} is not an enforcement level (allowed: ${LEVELS.join(", ")})`,
                );
            }
            out[policy] = { enforcement: enforcementLevel, properties };
        } else {
            throw new CheckFailure(`pack config ${file}: ${quote(policy)} must be an enforcement level or an object, got ${quote(v)}`);
        }
    }
    return out;
}

function apply(result: Record<string, PolicyConfig>, given: Given): void {
    const all = given.all?.enforcement;
    if (all) for (const c of Object.values(result)) c.enforcement = all;
    for (const [policy, g] of Object.entries(given)) {
        if (policy === "all") continue;
        const c = result[policy];
        if (!c) continue;
        if (g.enforcement) c.enforcement = g.enforcement;
        Object.assign(c.properties, g.properties);
    }
}

/** The config each policy runs with; throws CheckFailure naming the policy and key on a mismatch. */
export function reconcilePackConfig(info: PackInfo, given: Given = {}, source = "the pack config"): Record<string, PolicyConfig> {
    const names = new Set(info.policies.map((p) => p.name));
    for (const policy of Object.keys(given)) {
        if (policy !== "all" && !names.has(policy)) {
            throw new CheckFailure(
                `${source}: the pack ${info.name} has no policy ${quote(policy)} (its policies: ${[...names].sort().join(", ")})`,
            );
        }
    }
    const result: Record<string, PolicyConfig> = {};
    for (const p of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if (isRecord(s) && "default" in s) properties[k] = s.default;
        }
        result[p.name] = { enforcement: p.enforcement, properties };
    }
    apply(result, info.initialConfig);
    apply(result, given);

    for (const p of info.policies) {
        const props = result[p.name].properties;
        const declared = p.configSchema?.properties ?? {};
        for (const key of Object.keys(props)) {
            if (!(key in declared)) {
                throw new CheckFailure(
                    `${source}: policy "${p.name}" has no config key ${quote(key)}${Object.keys(declared).length > 0 ? ` (its keys: ${Object.keys(declared).join(", ")})` : " (it takes no config)"}`,
                );
            }
        }
        if (!p.configSchema) continue;
        const missing = p.configSchema.required.find((key) => !(key in props));
        if (missing !== undefined) {
            throw new CheckFailure(`${source}: policy "${p.name}", key "${missing}": must have required property '${missing}'`);
        }
        for (const [key, value] of Object.entries(props)) {
            const validate = propertyValidator(declared[key]);
            if (validate(value)) continue;
            const e = validate.errors?.[0];
            const at = [key, ...(e?.instancePath ?? "").split("/").filter((x) => x !== "")].join(".");
            throw new CheckFailure(
                `${source}: policy "${p.name}", key "${at}": ${e?.message ?? "does not match the schema"} (value ${quote(at.split(".").reduce<unknown>((o, k) => (isRecord(o) || Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined), props))})`,
            );
        }
    }
    return result;
}

/**
 * One compiled validator per distinct property schema, for the whole process. A policy's config
 * is an object whose keys each have a schema (checked key by key above, as its object schema would
 * check them); most keys share theirs with other policies (the 117 policies of this project's pack
 * declare 658 keys with 60 distinct schemas), and compiling each policy's object schema cost the
 * check about 0.7 s of CPU per run.
 */
const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

function propertyValidator(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema ?? {});
    let v = validators.get(key);
    if (!v) {
        ajv ??= new Ajv({ allErrors: true, strict: false });
        v = ajv.compile(isRecord(schema) ? schema : {});
        validators.set(key, v);
    }
    return v;
}

/** A policy the pack config turns off, or down from mandatory (or remediate) to advisory. */
export interface WeakenedPolicy {
    readonly policy: string;
    /** Its level without the file (schema defaults and the pack's initial config). */
    readonly from: Enforcement;
    readonly to: "advisory" | "disabled";
}

/** The pack config a run used, as every report format states it. */
export interface PackConfigUsed {
    /** As given or found, relative to the working folder when inside it. */
    readonly path: string;
    /** sha256 of the file's bytes, hex. */
    readonly sha256: string;
    readonly weakened: readonly WeakenedPolicy[];
}

/**
 * What `file` changes for the worse: each policy it disables or downgrades from mandatory,
 * comparing the pack's config with and without it (so the pack's own initial config is not
 * blamed on the file).
 */
export function describePackConfig(file: string, info: PackInfo, given: Given): PackConfigUsed {
    const without = reconcilePackConfig(info, {});
    const withFile = reconcilePackConfig(info, given);
    const weakened: WeakenedPolicy[] = [];
    for (const p of info.policies) {
        const from = without[p.name].enforcement;
        const to = withFile[p.name].enforcement;
        if (to === "disabled" && from !== "disabled") weakened.push({ policy: p.name, from, to });
        else if (to === "advisory" && (from === "mandatory" || from === "remediate")) weakened.push({ policy: p.name, from, to });
    }
    const rel = path.relative(process.cwd(), file);
    return {
        path: (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file).split(path.sep).join("/"),
        sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex"),
        weakened: weakened.sort((a, b) => a.policy.localeCompare(b.policy)),
    };
}
