/**
 * The `cluster` section: SecureCluster arguments from flat keys, plus `nodeGroups` (a list of objects).
 * zod checks shapes; validateSecureClusterArgs checks the rest (EKS-1 CIDRs, EKS-4 principals, EKS-6 node
 * group sizes, hop limit, AMI, EKS-9 version), its messages naming config keys by CLUSTER_ARGUMENT_KEYS.
 */
import { z } from "zod";
import {
    AMI_TYPES,
    CAPACITY_TYPES,
    DEFAULT_KUBERNETES_VERSION,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_NODE_GROUP,
    HOP_LIMITS,
    KubernetesVersion,
    LOG_RETENTION_DAYS,
    NodeGroupSpec,
    SUPPORTED_VERSIONS,
    TeamAccess,
    validateSecureClusterArgs,
} from "../../components";
import {
    booleanField,
    fieldError,
    numberOneOfField,
    oneOfField,
    requiredStringListField,
    stringListField,
    structuredField,
} from "./fields";
import { configError, configKey, configNaming } from "./naming";

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: fieldError("is not allowed", `use one of ${values.join(", ")}`) });
const wholeNumber = z
    .number({ error: fieldError("is not allowed", "use a whole number") })
    .int({ error: fieldError("is not allowed", "use a whole number") });

/** One managed node group as written in the stack file. The component's validator checks values (sizes, AMI, hop limit). */
const NODE_GROUP = z.strictObject({
    name: z.string(),
    instanceTypes: z.array(z.string()),
    amiType: oneOf(AMI_TYPES).optional(),
    minSize: wholeNumber,
    desiredSize: wholeNumber,
    maxSize: wholeNumber,
    diskSizeGiB: wholeNumber.optional(),
    capacityType: oneOf(CAPACITY_TYPES).optional(),
    // EKS-6: 1 keeps pods away from the node's credentials; 2 is the one documented loosening.
    httpPutResponseHopLimit: z
        .union([z.literal(HOP_LIMITS[0]), z.literal(HOP_LIMITS[1])], {
            error: fieldError("is not allowed", `use ${HOP_LIMITS.join(" or ")}`),
        })
        .optional(),
    labels: z.record(z.string(), z.string()).optional(),
});

export const CLUSTER_KEYS = {
    kubernetesVersion: oneOfField(SUPPORTED_VERSIONS, DEFAULT_KUBERNETES_VERSION),
    /** No default: a stack must name its own cluster admins (EKS-4); the deployer must be one of them. */
    adminPrincipalArns: requiredStringListField(
        "the IAM role or user ARNs that administer the cluster (the deploying principal must be one)",
    ),
    /** EKS-4/K8S-5: principals mapped to the break-glass group (`breakGlassGroup`, guardrails section). */
    breakGlassPrincipalArns: stringListField([]),
    publicAccessCidrs: stringListField([]),
    nodeGroups: structuredField(z.array(NODE_GROUP, { error: fieldError("is not allowed", "use a list of node groups") }), [
        { ...DEFAULT_NODE_GROUP, instanceTypes: [...DEFAULT_NODE_GROUP.instanceTypes] },
    ]),
    nodeSsmAccess: booleanField(false),
    clusterLogRetentionDays: numberOneOfField(LOG_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS, "a CloudWatch Logs retention"),
} as const;

/** The cluster section as the program uses it (network inputs and teams are added by the program). */
export interface ClusterConfig {
    readonly clusterName: string;
    readonly kubernetesVersion: KubernetesVersion;
    readonly adminPrincipalArns: readonly string[];
    readonly breakGlassPrincipalArns: readonly string[];
    /** The group break-glass principals map to; undefined when the stack binds no break-glass group. */
    readonly breakGlassGroup?: string;
    readonly publicAccessCidrs: readonly string[];
    readonly nodeGroups: readonly NodeGroupSpec[];
    readonly nodeSsmAccess: boolean;
    readonly logRetentionDays: number;
}

type ParsedCluster = z.output<z.ZodObject<typeof CLUSTER_KEYS>>;

/** SecureCluster argument → config key: the table the component's messages are named by. */
export const CLUSTER_ARGUMENT_KEYS: Readonly<Record<string, string>> = {
    kubernetesVersion: "kubernetesVersion",
    adminPrincipalArns: "adminPrincipalArns",
    breakGlassPrincipalArns: "breakGlassPrincipalArns",
    publicAccessCidrs: "publicAccessCidrs",
    nodeGroups: "nodeGroups",
    logRetentionDays: "clusterLogRetentionDays",
    // From the other sections: the network's cluster name and CIDR, the teams, the guardrails' group.
    clusterName: "clusterName",
    vpcCidr: "vpcCidr",
    teams: "teams",
    breakGlassGroup: "breakGlassGroup",
};

/**
 * Validates the section with SecureCluster's own validator. `teams` (from the teams section) is validated
 * here too, because the cluster turns it into access entries (EKS-4), and so is the break-glass group (from
 * the guardrails section), which break-glass principals are mapped to.
 */
export function clusterSection(
    v: ParsedCluster,
    context: {
        clusterName: string;
        vpcCidr: string;
        teams: readonly TeamAccess[];
        /** The guardrails section's group; false when the stack creates no break-glass binding. */
        breakGlassGroup: string | false;
    },
): ClusterConfig {
    const naming = configNaming(CLUSTER_ARGUMENT_KEYS);
    const breakGlassGroup = context.breakGlassGroup === false ? undefined : context.breakGlassGroup;
    if (breakGlassGroup === undefined && v.breakGlassPrincipalArns.length > 0) {
        // Mapping principals to a group nothing binds would look like emergency access and grant none.
        throw configError({
            path: ["breakGlassPrincipalArns"],
            value: v.breakGlassPrincipalArns,
            problem: `needs a break-glass group, but ${configKey("breakGlassGroup")} is empty (no cluster-admin binding)`,
            allowed: `set the group or leave ${configKey("breakGlassPrincipalArns")} empty`,
        });
    }
    validateSecureClusterArgs(
        "cluster",
        {
            clusterName: context.clusterName,
            kubernetesVersion: v.kubernetesVersion,
            publicAccessCidrs: v.publicAccessCidrs,
            adminPrincipalArns: v.adminPrincipalArns,
            breakGlassPrincipalArns: v.breakGlassPrincipalArns,
            breakGlassGroup,
            teams: context.teams,
            nodeGroups: v.nodeGroups,
            logRetentionDays: v.clusterLogRetentionDays,
            vpcCidr: context.vpcCidr,
            // Egress is decided by the network section (natStrategy); the prefix-list check does not apply here.
            nodeInternetEgress: true,
        },
        naming,
    );
    return {
        clusterName: context.clusterName,
        kubernetesVersion: v.kubernetesVersion,
        adminPrincipalArns: v.adminPrincipalArns,
        breakGlassPrincipalArns: v.breakGlassPrincipalArns,
        breakGlassGroup,
        publicAccessCidrs: v.publicAccessCidrs,
        nodeGroups: v.nodeGroups,
        nodeSsmAccess: v.nodeSsmAccess,
        logRetentionDays: v.clusterLogRetentionDays,
    };
}
