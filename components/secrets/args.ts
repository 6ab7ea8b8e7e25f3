/** Arguments of SecretsAccess and their pure validation (DATA-4). */
import { cidrError, dns1123LabelError } from "../guardrails/validation";
import { ArgPath, Naming, Problem, emptyList, reporter } from "../common/validation";
import { SECRET_NAME_CHARACTERS, SECRET_PREFIX_MAX_LENGTH, SECRET_PREFIX_PATTERN } from "./constants";

/** One team: its name (part of the secret prefix and the role name) and the namespaces that get its store. */
export interface SecretsTeam {
    readonly name: string;
    readonly namespaces: readonly string[];
}

export interface SecretsAccessArgs {
    /** The EKS cluster the controller runs in (Pod Identity association, trust condition). Known at preview. */
    readonly clusterName: string;
    /**
     * Secret names start with `<secretNamePrefix>/<team>/`; a team's role reads only those.
     * @default clusterName (so two stacks of one account never share secrets)
     */
    readonly secretNamePrefix?: string;
    /** Teams that get a role and a SecretStore in each of their namespaces. @default [] */
    readonly teams?: readonly SecretsTeam[];
    /**
     * The VPC's CIDRs. The control plane's ENIs reach the webhook from them (the webhook refuses what it
     * cannot check, failure policy Fail, so without them no ExternalSecret is admitted), and the operator
     * reaches the API server and the STS and Secrets Manager interface endpoints in them, HTTPS only: its
     * pods have no route to the internet. The VPC needs those endpoints (HardenedVpc's
     * interfaceEndpointServices with "sts" and "secretsmanager").
     */
    readonly vpcCidrs: readonly string[];
    /**
     * Node labels the operator's pods (controller, webhook, cert controller) are pinned to.
     * @default { "kubernetes.io/os": "linux", "eks.amazonaws.com/nodegroup": "system" } (the system node group)
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Protects the Secrets Manager key and its alias from deletion (KMS-1). @default true */
    readonly protect?: boolean;
}

export function secretPrefixError(path: ArgPath, value: string): Problem | undefined {
    if (value.length === 0 || value.length > SECRET_PREFIX_MAX_LENGTH || !SECRET_PREFIX_PATTERN.test(value)) {
        return {
            path,
            value,
            problem: "is not a Secrets Manager name prefix",
            allowed: `use 1 to ${SECRET_PREFIX_MAX_LENGTH} characters (${SECRET_NAME_CHARACTERS}) in segments separated by single "/", with no "/" at either end`,
        };
    }
    return undefined;
}

export function validateSecretsAccessArgs(name: string, args: SecretsAccessArgs, naming?: Naming): void {
    const r = reporter(`SecretsAccess "${name}"`, naming);
    if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
        r.fail({
            path: ["clusterName"],
            value: args.clusterName,
            problem: "is not an EKS cluster name",
            allowed: 'use 1 to 100 letters, digits, "-" or "_", starting with a letter or digit',
        });
    }
    if (args.secretNamePrefix !== undefined) r.check(secretPrefixError(["secretNamePrefix"], args.secretNamePrefix));
    const teams = new Set<string>();
    const namespaces = new Map<string, string>();
    (args.teams ?? []).forEach((t, i) => {
        r.check(dns1123LabelError(["teams", i, "name"], t.name));
        if (teams.has(t.name))
            r.fail({ path: ["teams", i, "name"], value: t.name, problem: "appears twice", allowed: "each team gets one role" });
        teams.add(t.name);
        if (t.namespaces.length === 0) {
            r.fail(emptyList(["teams", i, "namespaces"], "list the namespaces that get the team's SecretStore"));
        }
        t.namespaces.forEach((ns, j) => {
            r.check(dns1123LabelError(["teams", i, "namespaces", j], ns));
            const owner = namespaces.get(ns);
            if (owner !== undefined) {
                r.fail({
                    path: ["teams", i, "namespaces", j],
                    value: ns,
                    problem: `already belongs to team "${owner}"`,
                    allowed: "a namespace's store reads one team's secrets",
                });
            }
            namespaces.set(ns, t.name);
        });
    });
    if (args.vpcCidrs.length === 0) r.fail(emptyList(["vpcCidrs"], "list the cluster VPC's CIDR"));
    args.vpcCidrs.forEach((c, i) => r.check(cidrError(["vpcCidrs", i], c)));
    for (const [k, v] of Object.entries(args.nodeSelector ?? {})) {
        if (k.length === 0 || typeof v !== "string") {
            r.fail({ path: ["nodeSelector", k], value: v, problem: "is not a node label", allowed: "give a label key and a text value" });
        }
    }
}
