import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The cluster's Kubernetes provider from a component's options (`provider`, or `providers` as a list or
 * a map keyed "kubernetes"). Required: without it the resources would go to whatever cluster the ambient
 * kubeconfig points at, which is never what a baseline for one specific cluster means.
 */
export function kubernetesProvider(component: string, opts: pulumi.ComponentResourceOptions | undefined): k8s.Provider {
    const candidates: unknown[] = [opts?.provider];
    const providers = opts?.providers;
    if (Array.isArray(providers)) candidates.push(...providers);
    else if (providers !== undefined) candidates.push((providers as Record<string, pulumi.ProviderResource>)["kubernetes"]);
    const found = candidates.find((p): p is k8s.Provider => k8s.Provider.isInstance(p));
    if (!found) {
        throw new Error(
            `${component}: opts.provider (or opts.providers) must include the cluster's Kubernetes provider (a k8s.Provider, e.g. from SecureCluster); refusing to use the ambient kubeconfig`,
        );
    }
    return found;
}
