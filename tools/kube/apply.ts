/** Server-side apply of stack objects through @kubernetes/client-node, as the Pulumi provider applies them. */
import * as k8s from "@kubernetes/client-node";
import { applyOrder, type StackObject } from "./baseline";

/** The field manager for objects that are not patches (the provider's own name for server-side apply). */
export const DEFAULT_FIELD_MANAGER = "pulumi-kubernetes";

export interface ApplyFailure {
    readonly object: StackObject;
    readonly status: number;
    readonly message: string;
}

export function objectApi(kubeconfigFile: string): k8s.KubernetesObjectApi {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigFile);
    return k8s.KubernetesObjectApi.makeApiClient(kc);
}

function describeError(err: unknown): { status: number; message: string } {
    const e = err as { code?: number; body?: unknown; message?: string };
    let message = e.message ?? String(err);
    if (typeof e.body === "string") {
        try {
            message = (JSON.parse(e.body) as { message?: string }).message ?? e.body;
        } catch {
            message = e.body;
        }
    }
    return { status: e.code ?? 0, message };
}

/** Applies every object (in dependency order); returns the ones the server refused, with its reason. */
export async function applyObjects(kubeconfigFile: string, objects: readonly StackObject[]): Promise<ApplyFailure[]> {
    const api = objectApi(kubeconfigFile);
    const failures: ApplyFailure[] = [];
    for (const o of applyOrder(objects)) {
        try {
            await api.patch(o.object, undefined, undefined, o.fieldManager ?? DEFAULT_FIELD_MANAGER, o.force, k8s.PatchStrategy.ServerSideApply);
        } catch (err) {
            failures.push({ object: o, ...describeError(err) });
        }
    }
    return failures;
}
