/**
 * Runs guardrail components under the shared mock harness with a Kubernetes provider, and records which
 * provider object each resource was registered with (the harness only says whether one was explicit).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RunResult, runPulumi } from "../../support/harness";

export interface K8sRun<T> extends RunResult<T> {
    /** Resource name → the provider object passed in its options. */
    readonly providerOf: ReadonlyMap<string, pulumi.ProviderResource | undefined>;
    readonly provider: k8s.Provider;
}

export async function runWithCluster<T>(program: (provider: k8s.Provider) => T): Promise<K8sRun<T>> {
    const providerOf = new Map<string, pulumi.ProviderResource | undefined>();
    let provider!: k8s.Provider;
    const run = await runPulumi(() => {
        pulumi.runtime.registerStackTransformation((t) => {
            providerOf.set(t.name, t.opts.provider);
            return undefined;
        });
        provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
        return program(provider);
    });
    return { ...run, providerOf, provider };
}

/** Runs `build`, expecting it to throw; returns the message and how many resources were registered. */
export async function runExpectingError(build: (provider: k8s.Provider) => unknown): Promise<{ message: string; registered: string[] }> {
    const run = await runWithCluster((provider) => {
        try {
            build(provider);
        } catch (e) {
            return (e as Error).message;
        }
        return "no error";
    });
    // The provider itself is the test's, not the component's.
    return {
        message: run.value,
        registered: run.resources.filter((r) => r.type !== "pulumi:providers:kubernetes").map((r) => `${r.type}::${r.name}`),
    };
}
