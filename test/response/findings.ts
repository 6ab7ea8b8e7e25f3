/**
 * Sample GuardDuty findings as EventBridge delivers them ("GuardDuty Finding" events), written from the
 * GuardDuty finding format documentation: the detail is the finding (id, type, severity, resource with
 * resourceType "EKSCluster", eksClusterDetails and kubernetesDetails.kubernetesWorkloadDetails). Runtime
 * Monitoring findings also carry runtimeDetails; EKS audit-log findings carry kubernetesUserDetails.
 */
export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const CLUSTER = "secure-baseline-test";
export const NAMESPACE = "payments";
export const POD = "api-7d9f8b6c5d-x2x9q";
export const POD_UID = "4b9a2f3e-6c1d-4e8f-9a0b-1c2d3e4f5a6b";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface SampleOptions {
    readonly type?: string;
    readonly severity?: number;
    readonly cluster?: string;
    readonly namespace?: string;
    readonly pod?: string;
    readonly uid?: string;
    /** kubernetesWorkloadDetails.type ("pods", "deployments", ...). */
    readonly workloadType?: string;
    readonly id?: string;
}

/** A Runtime Monitoring finding about a pod of an EKS cluster. */
export function runtimeFinding(o: SampleOptions = {}): { [k: string]: Json } {
    const id = o.id ?? "a2c6b8e1f0d94e7b8c1d2e3f4a5b6c7d";
    const cluster = o.cluster ?? CLUSTER;
    return {
        version: "0",
        id: "5e1c2a3b-0000-4c4d-9e8f-112233445566",
        "detail-type": "GuardDuty Finding",
        source: "aws.guardduty",
        account: ACCOUNT,
        time: "2026-12-06T10:00:00Z",
        region: REGION,
        resources: [],
        detail: {
            schemaVersion: "2.0",
            accountId: ACCOUNT,
            region: REGION,
            partition: "aws",
            id,
            arn: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/d1/finding/${id}`,
            type: o.type ?? "Execution:Runtime/ReverseShell",
            resource: {
                resourceType: "EKSCluster",
                eksClusterDetails: {
                    name: cluster,
                    arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${cluster}`,
                    vpcId: "vpc-0abc",
                    status: "ACTIVE",
                    tags: [],
                    createdAt: "2026-11-01T00:00:00Z",
                },
                kubernetesDetails: {
                    kubernetesWorkloadDetails: {
                        name: o.pod ?? POD,
                        type: o.workloadType ?? "pods",
                        uid: o.uid ?? POD_UID,
                        namespace: o.namespace ?? NAMESPACE,
                        hostNetwork: false,
                        containers: [
                            { name: "app", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments/api:1.4.2`, imagePrefix: "" },
                        ],
                    },
                },
                instanceDetails: { instanceId: "i-0abc" },
                containerDetails: { id: "containerd://0123", name: "app", image: "payments/api:1.4.2" },
            },
            service: {
                serviceName: "guardduty",
                detectorId: "d1",
                featureName: "RuntimeMonitoring",
                runtimeDetails: { process: { name: "bash", executablePath: "/bin/bash", pid: 42 }, context: {} },
                count: 1,
                eventFirstSeen: "2026-12-06T09:59:00Z",
                eventLastSeen: "2026-12-06T09:59:30Z",
                archived: false,
            },
            severity: o.severity ?? 8,
            createdAt: "2026-12-06T10:00:00Z",
            updatedAt: "2026-12-06T10:00:00Z",
            title: "A process opened a reverse shell in a container.",
            description: "A process in a container of pod payments/api opened a reverse shell.",
        },
    };
}

/** An EKS audit-log finding about a privileged pod (its workload details name the pod). */
export function auditLogFinding(o: SampleOptions = {}): { [k: string]: Json } {
    const f = runtimeFinding({ type: "PrivilegeEscalation:Kubernetes/PrivilegedContainer", severity: 5, ...o });
    const detail = f.detail as { [k: string]: Json };
    const resource = detail.resource as { [k: string]: Json };
    delete resource.instanceDetails;
    delete resource.containerDetails;
    (resource.kubernetesDetails as { [k: string]: Json }).kubernetesUserDetails = {
        username: "kubernetes-admin",
        uid: "u-1",
        groups: ["system:masters"],
    };
    detail.service = { serviceName: "guardduty", detectorId: "d1", featureName: "EksAuditLogs", count: 1, archived: false };
    return f;
}

/** An EC2 finding: no cluster, no pod. */
export function ec2Finding(): { [k: string]: Json } {
    const f = runtimeFinding({ type: "Recon:EC2/PortProbeUnprotectedPort", severity: 8 });
    const detail = f.detail as { [k: string]: Json };
    detail.resource = { resourceType: "Instance", instanceDetails: { instanceId: "i-0abc" } };
    return f;
}
