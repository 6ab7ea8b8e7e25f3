/**
 * The `secrets` section: SecretsAccess (DATA-4), on by default. The teams come from the `teams` key; the
 * cluster name from the cluster section, so only the switch and the secret name prefix are keys here.
 */
import { z } from "zod";
import { ESO_ENDPOINT_SERVICES, secretPrefixError } from "../../components";
import { booleanField, stringField } from "./fields";
import { configError, configKey } from "./naming";

export const SECRETS_KEYS = {
    externalSecrets: booleanField(true),
    /** Empty: the cluster name (distinct per stack, so two stacks of one account never share secrets). */
    secretNamePrefix: stringField(""),
} as const;

type ParsedSecrets = z.output<z.ZodObject<typeof SECRETS_KEYS>>;

export interface SecretsConfig {
    /** false: no External Secrets, no Secrets Manager key or team roles (DATA-4 not provided). */
    readonly enabled: boolean;
    /** Secret names start with `<prefix>/<team>/`. */
    readonly secretNamePrefix: string;
}

/**
 * The operator reaches STS and Secrets Manager only through interface endpoints (its pods have no route
 * out of the VPC): with externalSecrets on, the VPC gets them, and turning interface endpoints off is refused.
 */
export function withSecretsEndpoints(
    network: { interfaceEndpoints: boolean; interfaceEndpointServices: readonly string[] },
    secrets: SecretsConfig,
): string[] {
    if (!secrets.enabled) return [...network.interfaceEndpointServices];
    if (!network.interfaceEndpoints) {
        throw configError({
            path: ["interfaceEndpoints"],
            value: false,
            problem: `is not allowed with ${configKey("externalSecrets")} true: the External Secrets operator reaches STS and Secrets Manager only through interface endpoints`,
            allowed: `set ${configKey("interfaceEndpoints")} true or ${configKey("externalSecrets")} false`,
        });
    }
    return [...network.interfaceEndpointServices, ...ESO_ENDPOINT_SERVICES.filter((s) => !network.interfaceEndpointServices.includes(s))];
}

export function secretsSection(v: ParsedSecrets, clusterName: string): SecretsConfig {
    const prefix = v.secretNamePrefix === "" ? clusterName : v.secretNamePrefix;
    const problem = secretPrefixError(["secretNamePrefix"], prefix);
    if (problem) {
        const derived = v.secretNamePrefix === "" ? ` (derived from the cluster name; set ${configKey("secretNamePrefix")})` : "";
        throw configError({ ...problem, problem: problem.problem + derived });
    }
    return { enabled: v.externalSecrets, secretNamePrefix: prefix };
}
