/**
 * Where cluster settings live in the two shapes the pack guards: the provider resource
 * `aws:eks/cluster:Cluster` and the `@pulumi/eks` component `eks:index:Cluster` (its
 * inputs: a remote component whose children its provider builds at deployment). Both
 * paths are checked by the compiler, against aws.eks.ClusterArgs and eks.ClusterArgs.
 */
import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import { CheckedPath, Data, ResourceView, pathOf, readPath } from "../../lib";
import { clusterPath as componentPath } from "./eks-component";

export const AWS_EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const EKS_COMPONENT_CLUSTER = "eks:index:Cluster";
export const CLUSTER_TYPES = [AWS_EKS_CLUSTER, EKS_COMPONENT_CLUSTER];

/** The five control-plane log types (EKS-3). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** A setting's value and the property path it was read from (for messages). */
export interface Setting {
    readonly path: string;
    readonly value: Data;
}

const clusterPath = pathOf<aws.eks.ClusterArgs>();

function setting(r: ResourceView, providerPath: CheckedPath<aws.eks.ClusterArgs>, componentPath: CheckedPath<eks.ClusterArgs>): Setting {
    if (r.type === AWS_EKS_CLUSTER) return { path: providerPath.join("."), value: readPath(r.props, providerPath) };
    return { path: componentPath.join("."), value: readPath(r.props, componentPath) };
}

export function endpointPublicAccess(r: ResourceView): Setting {
    return setting(r, clusterPath("vpcConfig", "endpointPublicAccess"), componentPath("endpointPublicAccess"));
}
export function endpointPrivateAccess(r: ResourceView): Setting {
    return setting(r, clusterPath("vpcConfig", "endpointPrivateAccess"), componentPath("endpointPrivateAccess"));
}
export function publicAccessCidrs(r: ResourceView): Setting {
    return setting(r, clusterPath("vpcConfig", "publicAccessCidrs"), componentPath("publicAccessCidrs"));
}
export function enabledLogTypes(r: ResourceView): Setting {
    return setting(r, clusterPath("enabledClusterLogTypes"), componentPath("enabledClusterLogTypes"));
}
export function authenticationMode(r: ResourceView): Setting {
    return setting(r, clusterPath("accessConfig", "authenticationMode"), componentPath("authenticationMode"));
}
