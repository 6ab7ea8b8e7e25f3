/**
 * The `guardrails` section: ClusterGuardrails arguments (K8S-5 cluster side, K8S-6) and the Pod Security
 * version every team namespace pins (K8S-1). The account's ECR host is not config: the program reads it
 * from the AWS account and region it deploys to.
 */
import { z } from "zod";
import {
    ClusterGuardrailsArgs,
    DEFAULT_ADMISSION_EXEMPT_NAMESPACES,
    DEFAULT_BREAK_GLASS_GROUP,
    DEFAULT_PSA_VERSION,
    validateClusterGuardrailsArgs,
} from "../../components";
import { booleanField, stringField, stringListField } from "./fields";
import { configNaming } from "./naming";

/**
 * Stands in for the account registry while the other arguments are validated before any resource exists;
 * the program passes the real account and region.
 */
const VALIDATION_REGISTRY = { accountId: "000000000000", region: "us-east-1" } as const;

export const GUARDRAILS_KEYS = {
    admissionAuditOnly: booleanField(false),
    additionalRegistries: stringListField([]),
    admissionExemptNamespaces: stringListField(DEFAULT_ADMISSION_EXEMPT_NAMESPACES),
    clusterReadOnlyGroups: stringListField([]),
    /** Empty means no break-glass binding at all. */
    breakGlassGroup: stringField(DEFAULT_BREAK_GLASS_GROUP),
    podSecurityVersion: stringField(DEFAULT_PSA_VERSION),
} as const;

type GuardrailsKey = keyof typeof GUARDRAILS_KEYS;
type ParsedGuardrails = z.output<z.ZodObject<typeof GUARDRAILS_KEYS>>;

export interface GuardrailsConfig {
    /** ClusterGuardrails arguments except the account registry and image signing (the signing section). */
    readonly cluster: Omit<ClusterGuardrailsArgs, "ecr" | "imageSigning">;
    /** Pinned Pod Security Standards version for team namespaces (validated with each namespace). */
    readonly podSecurityVersion: string;
}

/** ClusterGuardrails argument → config key: the table the component's messages are named by. */
export const GUARDRAILS_ARGUMENT_KEYS: Readonly<Record<string, GuardrailsKey>> = {
    additionalRegistries: "additionalRegistries",
    exemptNamespaces: "admissionExemptNamespaces",
    readOnlyGroups: "clusterReadOnlyGroups",
    breakGlassGroup: "breakGlassGroup",
};

export function guardrailsSection(v: ParsedGuardrails): GuardrailsConfig {
    const cluster: Omit<ClusterGuardrailsArgs, "ecr" | "imageSigning"> = {
        auditOnly: v.admissionAuditOnly,
        additionalRegistries: v.additionalRegistries,
        exemptNamespaces: v.admissionExemptNamespaces,
        readOnlyGroups: v.clusterReadOnlyGroups,
        breakGlassGroup: v.breakGlassGroup === "" ? false : v.breakGlassGroup,
    };
    validateClusterGuardrailsArgs(
        "guardrails",
        { ...cluster, ecr: VALIDATION_REGISTRY, imageSigning: false },
        configNaming(GUARDRAILS_ARGUMENT_KEYS),
    );
    return { cluster, podSecurityVersion: v.podSecurityVersion };
}
