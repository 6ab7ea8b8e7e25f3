import { ContainerDefaults, NetworkProtocol, QuotaSize, TeamRole } from "./constants";

/** A port a flow may use. */
export interface FlowPort {
    /** 1..65535. */
    readonly port: number;
    /** @default "TCP" */
    readonly protocol?: NetworkProtocol;
}

/** Ingress into the namespace from another namespace (typically the ingress controller's). */
export interface IngressFrom {
    /** Name of the source namespace (matched by its `kubernetes.io/metadata.name` label). */
    readonly namespace: string;
    /** Destination ports in this namespace. @default all ports */
    readonly ports?: readonly FlowPort[];
}

/** Egress from the namespace to addresses outside the cluster. */
export interface EgressTo {
    /** DNS-1123 label naming the flow; becomes part of the NetworkPolicy name `allow-egress-<name>`. */
    readonly name: string;
    /** Destination CIDRs (IPv4 or IPv6, network address without host bits). */
    readonly cidrs: readonly string[];
    /** Destination ports; at least one (an egress flow to every port is too wide to be a default). */
    readonly ports: readonly FlowPort[];
}

/** The optional allow policies (K8S-2). Everything else is denied. */
export interface NamespaceNetworkArgs {
    /** Let pods of this namespace talk to each other on any port. @default false */
    readonly allowSameNamespace?: boolean;
    /** Namespaces allowed to open connections into this one. @default [] */
    readonly ingressFrom?: readonly IngressFrom[];
    /** External destinations pods may reach. @default [] */
    readonly egressTo?: readonly EgressTo[];
}

export interface NamespaceBaselineArgs {
    /**
     * The namespace to create: a DNS-1123 label, not `default` nor a system namespace. Changing it
     * replaces the namespace and deletes everything in it.
     */
    readonly namespace: string;
    /** Extra namespace labels (for example `team`). They cannot override the Pod Security labels. @default {} */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * The Pod Security Standards version the `*-version` labels pin (K8S-1). Must not be newer than the
     * cluster. @default DEFAULT_PSA_VERSION ("v1.33")
     */
    readonly podSecurityVersion?: string;
    /** Network allow policies beyond DNS (K8S-2). @default nothing allowed */
    readonly network?: NamespaceNetworkArgs;
    /** ResourceQuota sizes (K8S-4); missing keys take the defaults. @default DEFAULT_QUOTA */
    readonly quota?: Partial<QuotaSize>;
    /** LimitRange container defaults (K8S-4). @default DEFAULT_CONTAINER_DEFAULTS */
    readonly containerDefaults?: Partial<ContainerDefaults>;
    /**
     * Groups bound to each namespace Role (K8S-5), as they arrive from authentication: for EKS, the
     * `kubernetesGroups` of the team's access entries. A role with no groups gets no RoleBinding.
     * @default {} (no bindings)
     */
    readonly groups?: Partial<Record<TeamRole, readonly string[]>>;
    /**
     * Let the `edit` role read and write Secrets. Off by default: reading Secrets is the usual path from a
     * developer credential to production credentials. Note that anyone who may create workloads can still
     * mount a Secret into a pod; this flag closes the direct API path only. @default false
     */
    readonly editCanAccessSecrets?: boolean;
    /**
     * CTR-2: label the namespace `policy.sigstore.dev/include: "true"` so the signature verifier
     * (ClusterGuardrails' imageSigning) judges every image run here. `false` labels it "false": unsigned
     * images then run here, and the pack reports the opt-out. @default true
     */
    readonly verifyImageSignatures?: boolean;
}
