import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor } from "../../lib";
import { describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

const MUTABLE_TAG = "latest";
const container = readerFor<k8s.types.input.core.v1.Container>();

export type ImagePin = "digest" | "tag" | "latest" | "untagged";

/**
 * How an image reference is pinned. A digest (`@sha256:…`) pins it whatever the tag; a
 * tag is the text after the last ":" of the last path segment (a ":" before that is a
 * registry port).
 */
export function imagePin(image: string): ImagePin {
    if (image.includes("@")) {
        return "digest";
    }
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    if (colon < 0 || colon === lastSegment.length - 1) {
        return "untagged";
    }
    return lastSegment.slice(colon + 1) === MUTABLE_TAG ? "latest" : "tag";
}

/** K8S-6: images are pinned to a tag other than latest, or to a digest. */
export const k8sPodImageTag = podSpecPolicy({
    name: "k8s-pod-image-tag",
    control: "K8S-6",
    severity: "high",
    layer: "container",
    description: "Every container image must be pinned: a digest (@sha256:...) or an explicit tag other than latest.",
    references: [{ framework: "BPG", id: "Image security: use immutable tags" }],
    remediation: "reference the image by digest (repo@sha256:...) or by an immutable version tag, never :latest or no tag",
    check: (input, ctx) => {
        for (const c of input.containers()) {
            const value = container(c.value, "image");
            if (ctx.isUnknown(value, `${c.path}.image`)) {
                continue;
            }
            const image = asString(value);
            if (image === undefined || image.trim() === "") {
                if (!input.pod.partial) {
                    ctx.violation(`${input.subject}: ${describeContainer(c)} names no image`);
                }
                continue;
            }
            const pin = imagePin(image.trim());
            if (pin === "latest" || pin === "untagged") {
                ctx.violation(
                    `${input.subject}: ${describeContainer(c)} uses image "${image}", which is ${pin === "latest" ? "tagged :latest" : "untagged (means :latest)"}`,
                );
            }
        }
    },
});
