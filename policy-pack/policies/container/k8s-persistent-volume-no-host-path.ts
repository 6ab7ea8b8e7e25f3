import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor, resourcePolicy } from "../../lib";
import { withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

const pv = readerFor<k8s.core.v1.PersistentVolumeArgs>();

/**
 * CTR-3: a PersistentVolume backed by `hostPath` gives any pod that claims it the node's
 * file system. Pod Security Standards judge a pod's own volumes only, and a
 * persistentVolumeClaim is an allowed kind even under `restricted`, so this is the way
 * around k8s-pod-host-path-and-ports.
 */
export const k8sPersistentVolumeNoHostPath = resourcePolicy({
    name: "k8s-persistent-volume-no-host-path",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description:
        "PersistentVolumes must not be backed by hostPath: a pod that claims one reaches the node's file system through an ordinary persistentVolumeClaim, which Pod Security restricted allows.",
    references: [{ framework: "PSS", id: "baseline: HostPath Volumes" }],
    remediation: "provision the volume through a StorageClass (EBS or EFS CSI driver) instead of a hostPath PersistentVolume",
    resourceTypes: withPatchTypes(["kubernetes:core/v1:PersistentVolume"]),
    check: (volume, ctx) => {
        const hostPath = pv(volume.props, "spec", "hostPath");
        if (ctx.isUnknown(hostPath, "spec.hostPath")) {
            return;
        }
        if (hostPath !== undefined && hostPath !== null) {
            const path = asString(pv(volume.props, "spec", "hostPath", "path")) ?? "?";
            ctx.violation(
                `${subjectOf(volume)} is backed by the host path "${path}" (spec.hostPath), so a pod that claims it reads and writes the node's file system`,
            );
        }
    },
});
