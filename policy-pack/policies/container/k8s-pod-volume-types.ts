import type * as k8s from "@pulumi/kubernetes";
import { asArray, asRecord, asString, readerFor } from "../../lib";
import { podSpecPolicy } from "../shared/podPolicy";
import { RESTRICTED_VOLUME_KINDS } from "../shared/pss";

const volumeRead = readerFor<k8s.types.input.core.v1.Volume>();
/** hostPath is reported by k8s-pod-host-path-and-ports (PSS baseline), not twice. */
const REPORTED_ELSEWHERE = ["hostPath"];

/**
 * CTR-3, PSS restricted "Volume Types": a pod volume may only be one of the core kinds
 * (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected,
 * secret). Any other source (nfs, iscsi, awsElasticBlockStore, gitRepo, ... and names
 * the API may add later) is refused: an allowlist, not a list of bad kinds.
 */
export const k8sPodVolumeTypes = podSpecPolicy({
    name: "k8s-pod-volume-types",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description: `Pod volumes of every workload kind must be of a kind Pod Security restricted allows: ${RESTRICTED_VOLUME_KINDS.join(", ")}.`,
    references: [{ framework: "PSS", id: "restricted: Volume Types" }],
    remediation: "mount storage through a persistentVolumeClaim (or a CSI ephemeral volume) instead of an in-line volume source",
    check: (input, ctx) => {
        const path = `${input.pod.path}.volumes`;
        const volumes = input.pod.spec.volumes;
        if (ctx.isUnknown(volumes, path)) {
            return;
        }
        asArray(volumes).forEach((volume, i) => {
            if (ctx.isUnknown(volume, `${path}.${i}`)) {
                return;
            }
            const record = asRecord(volume);
            if (record === undefined) {
                ctx.violation(`${input.subject}: volume ${path}.${i} is not an object, so its kind cannot be judged`);
                return;
            }
            const name = asString(volumeRead(record, "name")) ?? `#${i}`;
            const kinds = Object.keys(record).filter((k) => k !== "name" && record[k] !== undefined && record[k] !== null);
            const refused = kinds.filter((k) => !RESTRICTED_VOLUME_KINDS.includes(k) && !REPORTED_ELSEWHERE.includes(k));
            if (refused.length > 0) {
                ctx.violation(
                    `${input.subject}: volume "${name}" (${path}.${i}) is of kind ${refused.join(", ")}, which Pod Security restricted does not allow`,
                );
            }
        });
    },
});
