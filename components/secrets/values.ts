/**
 * The reviewed Helm values of the External Secrets chart (pinned in constants.ts). Each choice and why:
 * - restricted pod security for all three deployments (non-root, no privilege escalation, all
 *   capabilities dropped, read-only root, RuntimeDefault seccomp), matching Pod Security `restricted`;
 * - cluster-wide kinds off: no ClusterSecretStore, ClusterExternalSecret or ClusterPushSecret CRD and the
 *   controller ignores them, so a store is always one namespace's (DATA-4: per-team access);
 * - the chart's aggregation into the built-in view/edit ClusterRoles off: the baseline's team Roles
 *   decide who may create ExternalSecrets, and nobody gets SecretStores through `edit`;
 * - webhook failure policy Fail (an object the webhook cannot check is refused), two replicas and a
 *   disruption budget for the webhook and the controller, the cert controller on (it rotates the
 *   webhook's certificate; cert-manager is not assumed);
 * - every pod on the system node group's Linux nodes by default, as the policy-controller's (the cluster's
 *   node groups carry no taints, so no toleration is needed); no host network; CRDs installed and
 *   upgraded with the chart.
 */
import { DEFAULT_SYSTEM_NODE_GROUP, NODE_GROUP_LABEL } from "../guardrails/signingArgs";
import { ESO_SERVICE_ACCOUNT } from "./constants";

/** The system node group (the cluster's default group is named "system"), like the signature verifier. */
export const DEFAULT_NODE_SELECTOR: Readonly<Record<string, string>> = {
    "kubernetes.io/os": "linux",
    [NODE_GROUP_LABEL]: DEFAULT_SYSTEM_NODE_GROUP,
};

const RESTRICTED_CONTAINER = {
    enabled: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: "RuntimeDefault" },
} as const;
const RESTRICTED_POD = { enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } as const;

/** Requests and limits for cpu and memory: the namespace's ResourceQuota refuses pods without them. */
function resources(cpu: string, memory: string, cpuLimit: string, memoryLimit: string) {
    return { requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } };
}

function podPlacement(nodeSelector: Readonly<Record<string, string>>) {
    return {
        nodeSelector: { ...nodeSelector },
        hostNetwork: false,
        podSecurityContext: RESTRICTED_POD,
        securityContext: RESTRICTED_CONTAINER,
    };
}

export function helmValues(nodeSelector: Readonly<Record<string, string>> = DEFAULT_NODE_SELECTOR): Record<string, unknown> {
    return {
        installCRDs: true,
        crds: {
            createClusterSecretStore: false,
            createClusterExternalSecret: false,
            createClusterPushSecret: false,
            conversion: { enabled: false },
            unsafeServeV1Beta1: false,
        },
        processClusterStore: false,
        processClusterExternalSecret: false,
        processClusterPushSecret: false,
        replicaCount: 2,
        leaderElect: true,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        serviceAccount: { create: true, name: ESO_SERVICE_ACCOUNT, automount: true },
        rbac: { create: true, aggregateToView: false, aggregateToEdit: false, servicebindings: { create: false } },
        ...podPlacement(nodeSelector),
        resources: resources("50m", "128Mi", "500m", "256Mi"),
        webhook: {
            create: true,
            failurePolicy: "Fail",
            replicaCount: 2,
            podDisruptionBudget: { enabled: true, minAvailable: 1 },
            ...podPlacement(nodeSelector),
            resources: resources("20m", "64Mi", "200m", "128Mi"),
        },
        certController: {
            create: true,
            replicaCount: 1,
            ...podPlacement(nodeSelector),
            resources: resources("20m", "64Mi", "200m", "128Mi"),
        },
    };
}
