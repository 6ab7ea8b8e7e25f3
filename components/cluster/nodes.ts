/**
 * EKS-6: managed node groups in private subnets, each with a launch template
 * that requires IMDSv2 with hop limit 1, encrypts every EBS volume with the
 * volumes key, sets no SSH key and gives nodes only the node security group.
 * The pure planners (`nodeGroupDefaults`, `launchTemplatePlan`) carry the
 * security settings; `createNodeGroups` wires them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../common/naming";
import { AmiType, CapacityType, HopLimit } from "./validate";

/**
 * One managed node group. Loosening: `httpPutResponseHopLimit: 2` lets
 * containers (one network hop away) read the node's instance credentials; use
 * it only for workloads that cannot use IRSA or Pod Identity.
 */
export interface NodeGroupSpec {
    /** 1-32 lowercase letters, digits or hyphens; part of resource names (changing it replaces the group). */
    readonly name: string;
    /** Non-empty. Several types help SPOT capacity. */
    readonly instanceTypes: readonly string[];
    /** @default "AL2023_x86_64_STANDARD" */
    readonly amiType?: AmiType;
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    /** Root (AL2023) or data (Bottlerocket) volume size. @default 50 */
    readonly diskSizeGiB?: number;
    /** @default "ON_DEMAND" */
    readonly capacityType?: CapacityType;
    /** IMDS hop limit. @default 1 (2 only by this explicit choice) */
    readonly httpPutResponseHopLimit?: HopLimit;
    /** Kubernetes node labels. @default {} */
    readonly labels?: Readonly<Record<string, string>>;
}

export const DEFAULT_NODE_GROUP: NodeGroupSpec = {
    name: "system",
    instanceTypes: ["m7i.large"],
    amiType: "AL2023_x86_64_STANDARD",
    minSize: 2,
    desiredSize: 2,
    maxSize: 4,
};
export const DEFAULT_DISK_GIB = 50;
export const DEFAULT_HOP_LIMIT: HopLimit = 1;
/** Bottlerocket's OS volume (its data volume holds images and pods). */
export const BOTTLEROCKET_OS_DISK_GIB = 4;

export interface BlockDevicePlan {
    readonly deviceName: string;
    readonly ebs: {
        readonly volumeType: "gp3";
        readonly volumeSize: number;
        readonly encrypted: "true";
        readonly deleteOnTermination: "true";
    };
}

export interface LaunchTemplatePlan {
    readonly metadataOptions: {
        readonly httpEndpoint: "enabled";
        readonly httpTokens: "required";
        readonly httpPutResponseHopLimit: HopLimit;
        readonly instanceMetadataTags: "disabled";
    };
    readonly blockDevices: readonly BlockDevicePlan[];
}

/** The security-relevant launch-template settings for one node group. The KMS key is added by the wiring. */
export function launchTemplatePlan(spec: NodeGroupSpec): LaunchTemplatePlan {
    const size = spec.diskSizeGiB ?? DEFAULT_DISK_GIB;
    const volume = (deviceName: string, volumeSize: number): BlockDevicePlan => ({
        deviceName,
        ebs: { volumeType: "gp3", volumeSize, encrypted: "true", deleteOnTermination: "true" },
    });
    const bottlerocket = (spec.amiType ?? DEFAULT_NODE_GROUP.amiType)!.startsWith("BOTTLEROCKET");
    return {
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: spec.httpPutResponseHopLimit ?? DEFAULT_HOP_LIMIT,
            instanceMetadataTags: "disabled",
        },
        // Bottlerocket boots from xvda and keeps container data on xvdb: both are encrypted.
        blockDevices: bottlerocket
            ? [volume("/dev/xvda", BOTTLEROCKET_OS_DISK_GIB), volume("/dev/xvdb", size)]
            : [volume("/dev/xvda", size)],
    };
}

export interface NodeGroupWiring {
    readonly clusterName: pulumi.Input<string>;
    readonly kubernetesVersion: string;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly nodeRoleArn: pulumi.Input<string>;
    readonly nodeSecurityGroupId: pulumi.Input<string>;
    readonly volumesKeyArn: pulumi.Input<string>;
    readonly tags: Record<string, string>;
    readonly dependsOn: pulumi.Resource[];
}

export function createNodeGroups(
    name: string,
    specs: readonly NodeGroupSpec[],
    w: NodeGroupWiring,
    parent: pulumi.Resource,
): aws.eks.NodeGroup[] {
    return specs.map((spec) => {
        const plan = launchTemplatePlan(spec);
        const lt = new aws.ec2.LaunchTemplate(
            childName(name, spec.name, "lt"),
            {
                description: `secure-baseline node group ${spec.name}: IMDSv2, encrypted volumes, no SSH key`,
                metadataOptions: plan.metadataOptions,
                blockDeviceMappings: plan.blockDevices.map((b) => ({
                    deviceName: b.deviceName,
                    ebs: { ...b.ebs, kmsKeyId: w.volumesKeyArn },
                })),
                vpcSecurityGroupIds: [w.nodeSecurityGroupId],
                updateDefaultVersion: true,
                tagSpecifications: [
                    { resourceType: "instance", tags: w.tags },
                    { resourceType: "volume", tags: w.tags },
                ],
                tags: w.tags,
            },
            { parent },
        );
        return new aws.eks.NodeGroup(
            childName(name, spec.name),
            {
                clusterName: w.clusterName,
                nodeGroupNamePrefix: `${spec.name}-`,
                version: w.kubernetesVersion,
                nodeRoleArn: w.nodeRoleArn,
                subnetIds: w.subnetIds,
                amiType: spec.amiType ?? DEFAULT_NODE_GROUP.amiType,
                capacityType: spec.capacityType ?? "ON_DEMAND",
                instanceTypes: [...spec.instanceTypes],
                scalingConfig: { minSize: spec.minSize, desiredSize: spec.desiredSize, maxSize: spec.maxSize },
                launchTemplate: { id: lt.id, version: pulumi.interpolate`${lt.latestVersion}` },
                labels: { ...(spec.labels ?? {}) },
                updateConfig: { maxUnavailable: 1 },
                tags: w.tags,
            },
            // Autoscaling changes desired size at run time; do not fight it on every update.
            { parent, dependsOn: w.dependsOn, ignoreChanges: ["scalingConfig.desiredSize"] },
        );
    });
}
