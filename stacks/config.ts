/**
 * Typed, validated stack config. Every key is read and checked before any resource exists; a bad value
 * stops the program with a message naming the config key (e.g. `secure-baseline:natStrategy`), quoting
 * the value and saying what is allowed. The components' own validators run here on config values, with
 * their messages rewritten to name the key, so nothing a component would refuse gets past this point.
 *
 * Adding a section: define its keys and a builder in `sections/<name>.ts`, spread its keys into
 * CONFIG_KEYS, add its builder to parseConfig and its type to BaselineConfig, and declare its keys in
 * Pulumi.yaml (a test checks the two agree).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CLUSTER_KEYS, ClusterConfig, clusterSection } from "./sections/cluster";
import { DETECTION_KEYS, DetectionConfig, detectionSection } from "./sections/detection";
import { EDGE_KEYS, EdgeConfig, edgeSection } from "./sections/edge";
import { GUARDRAILS_KEYS, GuardrailsConfig, guardrailsSection } from "./sections/guardrails";
import { NETWORK_KEYS, NetworkConfig, networkSection } from "./sections/network";
import { checkPodSecurityVersion, checkRegion, looseningWarnings, quoteValue } from "./sections/platform";
import { REGISTRY_KEYS, RegistryConfig, registrySection } from "./sections/registry";
import { SIGNING_KEYS, SigningConfig, signingSection } from "./sections/signing";
import { SECRETS_KEYS, SecretsConfig, secretsSection, withSecretsEndpoints } from "./sections/secrets";
import { RESPONSE_KEYS, ResponseConfig, endpointServicesFor, responseSection } from "./sections/response";
import { TEAMS_KEYS, TeamConfig, teamsSection } from "./sections/teams";

/** The project name, and so the namespace of every key in Pulumi.<stack>.yaml. */
export const CONFIG_NAMESPACE = "secure-baseline";

export const CONFIG_KEYS = {
    ...NETWORK_KEYS,
    ...CLUSTER_KEYS,
    ...DETECTION_KEYS,
    ...REGISTRY_KEYS,
    ...TEAMS_KEYS,
    ...GUARDRAILS_KEYS,
    ...EDGE_KEYS,
    ...SIGNING_KEYS,
    ...SECRETS_KEYS,
    ...RESPONSE_KEYS,
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;

/** Keys a stack must set: declared in Pulumi.yaml without a default, so the CLI itself asks for them. */
export const REQUIRED_KEYS: readonly ConfigKey[] = ["adminPrincipalArns"];
/**
 * Keys whose value is a list of objects. Pulumi.yaml cannot declare them (project config types are string,
 * integer, boolean and arrays of those, and the CLI checks stack values against the declared type), so they
 * are left out of its `config:` block and zod (strict objects) is their only schema.
 */
export const STRUCTURED_KEYS: readonly ConfigKey[] = ["nodeGroups", "teams", "trustedImageRegistries"];

/** Used when `clusterName` is empty: one cluster per stack, and the name must differ between stacks of one account. */
export const DEFAULT_CLUSTER_NAME_PREFIX = "secure-baseline";

export interface BaselineConfig {
    readonly network: NetworkConfig;
    readonly cluster: ClusterConfig;
    readonly detection: DetectionConfig;
    readonly registry: RegistryConfig;
    readonly teams: readonly TeamConfig[];
    readonly guardrails: GuardrailsConfig;
    readonly edge: EdgeConfig;
    readonly signing: SigningConfig;
    readonly secrets: SecretsConfig;
    readonly response: ResponseConfig;
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
        // Pulumi passes lists and objects as JSON text: look inside it to quote the bad element.
        if (typeof v === "string" && /^\s*[[{]/.test(v)) v = safeJson(v);
        v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    }
    return typeof v === "string" && /^\s*[[{]/.test(v) ? safeJson(v) : v;
}

function pathText(path: readonly PropertyKey[]): string {
    const [head, ...rest] = path;
    return configKey(String(head)) + rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

function describe(raw: Record<string, unknown>, issue: z.core.$ZodIssue): string {
    if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
        const known = Object.keys(CONFIG_KEYS).map(configKey).join(", ");
        return `unknown config key ${issue.keys.map((k) => configKey(k)).join(", ")}; known keys: ${known}`;
    }
    const name = pathText(issue.path);
    if (issue.code === "unrecognized_keys") return `${name} has unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    const value = valueAt(raw, issue.path);
    if (value === undefined) return `${name} ${issue.message}`;
    return `${name} ${quoteValue(value)} ${issue.message}`;
}

/** The cluster name: the configured one, else one derived from the stack so two stacks never collide. */
export function resolveClusterName(configured: string | undefined, stack: string): string {
    return configured ?? `${DEFAULT_CLUSTER_NAME_PREFIX}-${stack.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 100);
}

/** Validates raw config (keys without the namespace) and returns the typed config. Pure: tests call it directly. */
export function parseConfig(raw: Record<string, unknown>, stack = "dev", awsRegion?: string): BaselineConfig {
    const parsed = SCHEMA.safeParse(raw);
    if (!parsed.success) {
        throw new ConfigError(`invalid stack config: ${parsed.error.issues.map((i) => describe(raw, i)).join("; ")}`);
    }
    const v = parsed.data;
    try {
        checkRegion(awsRegion);
        const baseNetwork = networkSection(v, configKey);
        const clusterName = resolveClusterName(baseNetwork.clusterName, stack);
        const secrets = secretsSection(v, clusterName, configKey);
        const response = responseSection(v, { clusterName }, configKey);
        // The subnets carry the cluster tag of exactly the cluster this stack builds.
        const network: NetworkConfig = {
            ...baseNetwork,
            clusterName,
            interfaceEndpointServices: endpointServicesFor(
                response,
                baseNetwork.natStrategy,
                withSecretsEndpoints(baseNetwork, secrets, {
                    interfaceEndpoints: configKey("interfaceEndpoints"),
                    externalSecrets: configKey("externalSecrets"),
                }),
            ),
        };
        // natStrategy "none" is allowed: networkSection already refused it without interface endpoints, and the
        // program gives the cluster the S3 gateway endpoint's prefix list, so nodes still pull image layers.
        const guardrails = guardrailsSection(v, configKey);
        checkPodSecurityVersion(
            { version: guardrails.podSecurityVersion, key: configKey("podSecurityVersion") },
            { version: v.kubernetesVersion, key: configKey("kubernetesVersion") },
        );
        const teams = teamsSection(v, { version: guardrails.podSecurityVersion, key: configKey("podSecurityVersion") }, configKey);
        const cluster = clusterSection(
            v,
            {
                clusterName,
                vpcCidr: network.cidrBlock,
                teams: teams.map((t) => t.access),
                breakGlassGroup: guardrails.cluster.breakGlassGroup ?? false,
                otherKeys: {
                    clusterName: configKey("clusterName"),
                    vpcCidr: configKey("vpcCidr"),
                    teams: configKey("teams"),
                    breakGlassGroup: configKey("breakGlassGroup"),
                },
            },
            configKey,
        );
        return {
            network,
            cluster,
            detection: detectionSection(v, configKey),
            registry: registrySection(v, configKey),
            teams,
            guardrails,
            edge: edgeSection(v),
            signing: signingSection(v, configKey),
            secrets,
            response,
        };
    } catch (e) {
        throw new ConfigError(`invalid stack config: ${(e as Error).message}`);
    }
}

/** Allowed values that loosen the baseline, one warning each naming its key (see looseningWarnings). */
export function configWarnings(config: BaselineConfig): string[] {
    return looseningWarnings({
        exemptNamespaces: { key: configKey("admissionExemptNamespaces"), values: config.guardrails.cluster.exemptNamespaces ?? [] },
        teams: config.teams.map((t, i) => ({
            key: `${configKey("teams")}[${i}]`,
            namespaces: t.access.namespaces,
            egressTo: (t.namespaces[0]?.network?.egressTo ?? []).map((e, j) => ({
                key: `${configKey("teams")}[${i}].network.egressTo[${j}]`,
                cidrs: e.cidrs,
            })),
        })),
    });
}

/**
 * Reads every `secure-baseline:*` key the engine passed (Pulumi.yaml defaults included) and `aws:region`,
 * parses them, and prints a warning for each allowed value that loosens the baseline.
 */
export function readConfig(): BaselineConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    const all = pulumi.runtime.allConfig();
    for (const [key, value] of Object.entries(all)) {
        if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
    }
    const config = parseConfig(raw, pulumi.getStack(), all["aws:region"]);
    for (const w of configWarnings(config)) void pulumi.log.warn(`stack config: ${w}`);
    return config;
}
