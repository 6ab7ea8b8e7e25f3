/**
 * The `teams` section: one entry per team, each giving its namespaces, its IAM principals, its quota and
 * its allowed flows. From it the program derives, for the same team, the EKS access entries (EKS-4, in
 * SecureCluster) and one NamespaceBaseline per namespace (K8S-1..K8S-5) whose RoleBindings name exactly the
 * groups those access entries carry: both sides come from `teamGroupName`, never from two spellings.
 */
import { z } from "zod";
import {
    ArgPath,
    FLOW_PROTOCOLS,
    NamespaceBaselineArgs,
    TeamAccess,
    pathText,
    teamGroupName,
    validateNamespaceBaselineArgs,
} from "../../components";
import { fieldError, structuredField } from "./fields";
import { configError, configKey, configNaming } from "./naming";

const text = z.string({ error: fieldError("is not allowed", "use a text value") });
const texts = z.array(text, { error: fieldError("is not allowed", "use a list of text values") });
const count = z
    .number({ error: fieldError("is not allowed", "use a whole number") })
    .int({ error: fieldError("is not allowed", "use a whole number") });
const flag = z.boolean({ error: fieldError("is not allowed", "use true or false") });
/** YAML reads `cpu: 4` as a number; Kubernetes quantities are text. Both are accepted, the validator parses. */
const quantity = z.union([z.string(), z.number().transform(String)], {
    error: fieldError("is not allowed", 'use a Kubernetes quantity such as "500m" or "2Gi"'),
});
const port = z.strictObject({
    port: count,
    protocol: z.enum(FLOW_PROTOCOLS, { error: fieldError("is not allowed", `use one of ${FLOW_PROTOCOLS.join(", ")}`) }).optional(),
});
const resources = z.strictObject({ cpu: quantity, memory: quantity });

const TEAM = z.strictObject({
    /** DNS-1123 label; part of the Kubernetes group names `team:<name>:view|edit`. */
    name: text,
    /** @default [name] */
    namespaces: texts.optional(),
    /** IAM role or user ARNs with read access in the team's namespaces. */
    viewers: texts.default([]),
    /** IAM role or user ARNs that change workloads in the team's namespaces. */
    editors: texts.default([]),
    editCanAccessSecrets: flag.default(false),
    quota: z
        .strictObject({
            requestsCpu: quantity.optional(),
            requestsMemory: quantity.optional(),
            limitsCpu: quantity.optional(),
            limitsMemory: quantity.optional(),
            pods: count.optional(),
            services: count.optional(),
            persistentVolumeClaims: count.optional(),
            loadBalancers: count.optional(),
            nodePorts: count.optional(),
        })
        .optional(),
    containerDefaults: z.strictObject({ defaultRequest: resources.optional(), defaultLimit: resources.optional() }).optional(),
    network: z
        .strictObject({
            allowSameNamespace: flag.optional(),
            ingressFrom: z.array(z.strictObject({ namespace: text, ports: z.array(port).optional() })).optional(),
            egressTo: z.array(z.strictObject({ name: text, cidrs: texts, ports: z.array(port) })).optional(),
        })
        .optional(),
});

export const TEAMS_KEYS = {
    teams: structuredField(z.array(TEAM, { error: fieldError("is not allowed", "use a list of teams") }), []),
} as const;

type ParsedTeams = z.output<z.ZodObject<typeof TEAMS_KEYS>>;

/** One team as the program uses it: its EKS access and the baseline of each of its namespaces. */
export interface TeamConfig {
    readonly access: TeamAccess;
    readonly namespaces: readonly NamespaceBaselineArgs[];
}

/**
 * Namespace Role → groups. `view` and `edit` are the groups SecureCluster puts on the team's access entries.
 * `deploy` is left unbound: no access entry carries a deploy group, and binding it to the editors' group
 * would add nothing they do not have; a CI role gets it once an access entry maps it.
 */
export function teamGroups(team: string): NamespaceBaselineArgs["groups"] {
    return { view: [teamGroupName(team, "view")], edit: [teamGroupName(team, "edit")] };
}

export function teamsSection(v: ParsedTeams, podSecurityVersion: string): TeamConfig[] {
    const owner = new Map<string, string>();
    return v.teams.map((t, i) => {
        const team: ArgPath = ["teams", i];
        const explicit = t.namespaces !== undefined;
        const namespaces = t.namespaces ?? [t.name];
        const baselines = namespaces.map((namespace, j) => {
            const nsPath: ArgPath = explicit ? [...team, "namespaces", j] : [...team, "name"];
            const previous = owner.get(namespace);
            if (previous !== undefined) {
                throw configError({
                    path: nsPath,
                    value: namespace,
                    problem: `is already ${previous}'s namespace`,
                    allowed: "a namespace belongs to one team (its baseline is created once)",
                });
            }
            owner.set(namespace, configKey(pathText(team)));
            const args: NamespaceBaselineArgs = {
                namespace,
                labels: { team: t.name },
                podSecurityVersion,
                network: t.network,
                quota: t.quota,
                containerDefaults: t.containerDefaults,
                groups: teamGroups(t.name),
                editCanAccessSecrets: t.editCanAccessSecrets,
            };
            // The baseline's arguments come from this team's entry, except its namespace and the stack-wide PSA version.
            validateNamespaceBaselineArgs(
                namespace,
                args,
                configNaming({ namespace: nsPath, podSecurityVersion: "podSecurityVersion" }, team),
            );
            return args;
        });
        return { access: { name: t.name, namespaces, viewers: t.viewers, editors: t.editors }, namespaces: baselines };
    });
}
