/**
 * Typed, validated stack config. Every key is read and checked before any resource exists; a bad value
 * stops the program with a message naming the config key (e.g. `secure-baseline:natStrategy`), quoting
 * the value and saying what is allowed. The components' own validators run here on config values, naming
 * config keys through a table per section (sections/naming.ts), so nothing a component would refuse gets
 * past this point. Every error is a ValidationError (path, value, what is allowed); parseConfig throws them
 * as one ConfigError.
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
import { checkPodSecurityVersion, checkRegion, looseningWarnings } from "./sections/platform";
import { CONFIG_NAMESPACE, configError, configKey } from "./sections/naming";
import { ValidationError } from "../components";
import { zodProblem } from "./sections/fields";
import { REGISTRY_KEYS, RegistryConfig, registrySection } from "./sections/registry";
import { SIGNING_KEYS, SigningConfig, signingSection } from "./sections/signing";
import { SECRETS_KEYS, SecretsConfig, secretsSection, withSecretsEndpoints } from "./sections/secrets";
import { RESPONSE_KEYS, ResponseConfig, endpointServicesFor, responseSection } from "./sections/response";
import { TEAMS_KEYS, TeamConfig, teamsSection } from "./sections/teams";

export { CONFIG_NAMESPACE, configKey };

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

/**
 * Bad stack config: the first problem's fields (path, value, what is allowed), and every problem found in
 * `problems` (zod reports all shape errors at once; the components' validators stop at the first).
 */
export class ConfigError extends ValidationError {
    readonly problems: readonly ValidationError[];

    constructor(problems: readonly [ValidationError, ...ValidationError[]]) {
        const [first] = problems;
        super({ path: first.path, value: first.value, problem: first.problem, allowed: first.allowed }, { label: "invalid stack config" });
        this.message = `invalid stack config: ${problems.map((p) => p.message).join("; ")}`;
        this.problems = problems;
    }
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

function describe(raw: Record<string, unknown>, issue: z.core.$ZodIssue): ValidationError {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys" && path.length === 0) {
        const known = Object.keys(CONFIG_KEYS).map(configKey).join(", ");
        const [key] = issue.keys;
        return configError({
            path: [key],
            value: raw[key],
            problem: "is not a config key",
            allowed: `use one of the known keys: ${known}`,
        });
    }
    if (issue.code === "unrecognized_keys") {
        return configError({
            path,
            value: undefined,
            problem: `has unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
            allowed: "remove it or correct its spelling",
        });
    }
    return configError({ path, value: valueAt(raw, issue.path), ...zodProblem(issue.message) });
}

/** The cluster name: the configured one, else one derived from the stack so two stacks never collide. */
export function resolveClusterName(configured: string | undefined, stack: string): string {
    return configured ?? `${DEFAULT_CLUSTER_NAME_PREFIX}-${stack.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 100);
}

/** Validates raw config (keys without the namespace) and returns the typed config. Pure: tests call it directly. */
export function parseConfig(raw: Record<string, unknown>, stack = "dev", awsRegion?: string): BaselineConfig {
    const parsed = SCHEMA.safeParse(raw);
    if (!parsed.success) {
        const [first, ...rest] = parsed.error.issues.map((i) => describe(raw, i));
        throw new ConfigError([first, ...rest]);
    }
    const v = parsed.data;
    try {
        checkRegion(awsRegion);
        const baseNetwork = networkSection(v);
        const clusterName = resolveClusterName(baseNetwork.clusterName, stack);
        const secrets = secretsSection(v, clusterName);
        const response = responseSection(v, { clusterName });
        // The subnets carry the cluster tag of exactly the cluster this stack builds.
        const network: NetworkConfig = {
            ...baseNetwork,
            clusterName,
            interfaceEndpointServices: endpointServicesFor(response, baseNetwork.natStrategy, withSecretsEndpoints(baseNetwork, secrets)),
        };
        // natStrategy "none" is allowed: networkSection already refused it without interface endpoints, and the
        // program gives the cluster the S3 gateway endpoint's prefix list, so nodes still pull image layers.
        const guardrails = guardrailsSection(v);
        checkPodSecurityVersion(guardrails.podSecurityVersion, v.kubernetesVersion);
        const teams = teamsSection(v, guardrails.podSecurityVersion);
        const cluster = clusterSection(v, {
            clusterName,
            vpcCidr: network.cidrBlock,
            teams: teams.map((t) => t.access),
            breakGlassGroup: guardrails.cluster.breakGlassGroup ?? false,
        });
        return {
            network,
            cluster,
            detection: detectionSection(v),
            registry: registrySection(v),
            teams,
            guardrails,
            edge: edgeSection(v),
            signing: signingSection(v),
            secrets,
            response,
        };
    } catch (e) {
        if (e instanceof ValidationError) throw new ConfigError([e]);
        throw e;
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
