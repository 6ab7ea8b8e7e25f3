/** The shape of a pod-spec case, and where a container's securityContext is. */
import type { SecurePolicy } from "../../../../policy-pack/lib";
import type { PackConfig } from "../../runtime";
import { JsonObject, objectAt } from "../fixtures";

export interface PodCase {
    readonly policy: SecurePolicy;
    readonly title: string;
    readonly mutate: (spec: JsonObject) => void;
    /** The violation expected; null: the change keeps the pod compliant. */
    readonly expect: RegExp | null;
    readonly config?: PackConfig;
    /** Violations expected (default 1): one per container when all three inherit. */
    readonly count?: number;
}

export const sc = (spec: JsonObject, path: string): JsonObject => objectAt(spec, `${path}.securityContext`);
