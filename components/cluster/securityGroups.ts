/**
 * EKS-7: the additional cluster security group and the node security group,
 * each with only the rules EKS needs, as separate rule resources that
 * reference each other. Nothing is admitted from 0.0.0.0/0. The pure planner
 * lists the rules; `createSecurityGroups` wires them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../common/naming";

export const HTTPS_PORT = 443;
export const KUBELET_PORT = 10250;
export const DNS_PORT = 53;
/** Admission webhooks served from pods on this port (the Sigstore policy-controller's, CTR-2). */
export const WEBHOOK_PORT = 8443;
/** Every IPv4 address: used only for node egress to 443 when the VPC has NAT (never for ingress). */
export const ANY_IPV4 = "0.0.0.0/0";
const ALL_PROTOCOLS = "-1";

export type GroupRef = "cluster" | "node";
export type Peer = { readonly group: GroupRef } | { readonly cidr: "vpc" | "any-ipv4" } | { readonly prefixList: "s3" };

export interface PlannedRule {
    /** Logical-name suffix; stable so rules are not replaced when others are added. */
    readonly key: string;
    readonly group: GroupRef;
    readonly direction: "ingress" | "egress";
    readonly protocol: "tcp" | "udp" | "all";
    readonly fromPort?: number;
    readonly toPort?: number;
    readonly peer: Peer;
    readonly description: string;
}

function tcp(key: string, group: GroupRef, direction: "ingress" | "egress", port: number, peer: Peer, description: string): PlannedRule {
    return { key, group, direction, protocol: "tcp", fromPort: port, toPort: port, peer, description };
}

/**
 * The rules. `internetEgress` is true when the VPC has NAT: nodes then also
 * reach 443 anywhere (public registries, AWS APIs without endpoints). Without
 * NAT, nodes reach only the VPC (interface endpoints on 443, the resolver on
 * 53) and S3 through the gateway endpoint, addressed by its prefix list
 * (`withS3PrefixList`): ECR serves image layers from S3.
 */
export function planSecurityGroupRules(internetEgress: boolean, withS3PrefixList = false): PlannedRule[] {
    const rules: PlannedRule[] = [
        tcp("nodes-to-api", "cluster", "ingress", HTTPS_PORT, { group: "node" }, "Nodes and pods to the Kubernetes API"),
        tcp(
            "api-to-nodes-https",
            "cluster",
            "egress",
            HTTPS_PORT,
            { group: "node" },
            "API server to webhooks and extension API servers on nodes",
        ),
        tcp("api-to-kubelet", "cluster", "egress", KUBELET_PORT, { group: "node" }, "API server to kubelet (logs, exec, metrics)"),
        tcp("from-api-https", "node", "ingress", HTTPS_PORT, { group: "cluster" }, "API server to webhooks on nodes"),
        tcp("from-api-kubelet", "node", "ingress", KUBELET_PORT, { group: "cluster" }, "API server to kubelet"),
        // CTR-2: the image signature verifier answers admission reviews on its container port.
        tcp(
            "api-to-webhooks",
            "cluster",
            "egress",
            WEBHOOK_PORT,
            { group: "node" },
            "API server to admission webhooks on 8443 (image signature verifier)",
        ),
        tcp(
            "from-api-webhooks",
            "node",
            "ingress",
            WEBHOOK_PORT,
            { group: "cluster" },
            "API server to admission webhooks on 8443 (image signature verifier)",
        ),
        {
            key: "node-to-node-in",
            group: "node",
            direction: "ingress",
            protocol: "all",
            peer: { group: "node" },
            description: "Node and pod traffic between nodes",
        },
        {
            key: "node-to-node-out",
            group: "node",
            direction: "egress",
            protocol: "all",
            peer: { group: "node" },
            description: "Node and pod traffic between nodes",
        },
        tcp("to-api", "node", "egress", HTTPS_PORT, { group: "cluster" }, "Nodes to the Kubernetes API"),
        tcp("to-vpc-https", "node", "egress", HTTPS_PORT, { cidr: "vpc" }, "Nodes to VPC interface endpoints (ECR, STS, EC2, logs, KMS)"),
        {
            key: "to-vpc-dns-udp",
            group: "node",
            direction: "egress",
            protocol: "udp",
            fromPort: DNS_PORT,
            toPort: DNS_PORT,
            peer: { cidr: "vpc" },
            description: "CoreDNS to the VPC resolver",
        },
        tcp("to-vpc-dns-tcp", "node", "egress", DNS_PORT, { cidr: "vpc" }, "CoreDNS to the VPC resolver (large answers)"),
    ];
    if (withS3PrefixList) {
        rules.push(
            tcp(
                "to-s3-https",
                "node",
                "egress",
                HTTPS_PORT,
                { prefixList: "s3" },
                "Nodes to S3 (ECR image layers) through the gateway endpoint",
            ),
        );
    }
    if (internetEgress) {
        rules.push(
            tcp("to-internet-https", "node", "egress", HTTPS_PORT, { cidr: "any-ipv4" }, "Nodes to registries and AWS APIs through NAT"),
        );
    }
    return rules;
}

export interface ClusterSecurityGroups {
    readonly clusterSecurityGroup: aws.ec2.SecurityGroup;
    readonly nodeSecurityGroup: aws.ec2.SecurityGroup;
    /** Every rule, so the cluster and node groups can wait for them. */
    readonly rules: pulumi.Resource[];
}

export function createSecurityGroups(
    name: string,
    args: {
        vpcId: pulumi.Input<string>;
        vpcCidr: pulumi.Input<string>;
        internetEgress: boolean;
        s3PrefixListId?: pulumi.Input<string>;
        clusterName: string;
        tags: Record<string, string>;
    },
    parent: pulumi.Resource,
): ClusterSecurityGroups {
    // No inline rules: the provider then removes the default allow-all egress rule, and every rule below is its own resource.
    const clusterSecurityGroup = new aws.ec2.SecurityGroup(
        childName(name, "cluster-sg"),
        {
            vpcId: args.vpcId,
            description: "EKS control plane (additional): only node traffic",
            tags: { ...args.tags, Name: childName(name, "cluster-sg") },
        },
        { parent },
    );
    const nodeSecurityGroup = new aws.ec2.SecurityGroup(
        childName(name, "node-sg"),
        {
            vpcId: args.vpcId,
            description: "EKS managed nodes: API, kubelet and node-to-node only",
            // The AWS Load Balancer Controller finds the node group by this tag.
            tags: { ...args.tags, Name: childName(name, "node-sg"), [`kubernetes.io/cluster/${args.clusterName}`]: "owned" },
        },
        { parent },
    );
    const ids: Record<GroupRef, pulumi.Output<string>> = { cluster: clusterSecurityGroup.id, node: nodeSecurityGroup.id };
    const rules: pulumi.Resource[] = planSecurityGroupRules(args.internetEgress, args.s3PrefixListId !== undefined).map((r) => {
        const peer =
            "group" in r.peer
                ? { referencedSecurityGroupId: ids[r.peer.group] }
                : "prefixList" in r.peer
                  ? { prefixListId: args.s3PrefixListId }
                  : { cidrIpv4: r.peer.cidr === "vpc" ? args.vpcCidr : ANY_IPV4 };
        const common = {
            securityGroupId: ids[r.group],
            ipProtocol: r.protocol === "all" ? ALL_PROTOCOLS : r.protocol,
            fromPort: r.fromPort,
            toPort: r.toPort,
            description: r.description,
            tags: args.tags,
            ...peer,
        };
        const ruleName = childName(name, r.group, r.key);
        return r.direction === "ingress"
            ? new aws.vpc.SecurityGroupIngressRule(ruleName, common, { parent })
            : new aws.vpc.SecurityGroupEgressRule(ruleName, common, { parent });
    });
    return { clusterSecurityGroup, nodeSecurityGroup, rules };
}
