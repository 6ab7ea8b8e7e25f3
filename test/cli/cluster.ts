/**
 * One real control plane (tools/kube/harness: etcd, kube-apiserver, kube-controller-manager) for
 * the whole real-CLI suite: started by the first suite that needs it, stopped after the last.
 * The CLI, the provider plugin and the inline programs find it through KUBECONFIG.
 */
import { Client } from "../../tools/kube/client";
import { ControlPlane, start } from "../../tools/kube/harness";

let shared: Promise<ControlPlane> | undefined;

export interface Cluster {
    /** The admin kubeconfig, as the environment of a CLI run. */
    env(): NodeJS.ProcessEnv;
    readonly plane: ControlPlane;
    /** Requests as admin. */
    readonly client: Client;
}

/** Call inside a describe: the control plane is up in its tests. */
export function useCluster(): Cluster {
    let plane: ControlPlane | undefined;
    let client: Client | undefined;
    before(async function () {
        this.timeout(300_000);
        shared ??= start({ readyTimeoutMs: 240_000 });
        plane = await shared;
        client = new Client(plane);
    });
    after(() => client?.close());
    return {
        env: () => ({ KUBECONFIG: need(plane).kubeconfigs.admin }),
        get plane() {
            return need(plane);
        },
        get client() {
            return need(client);
        },
    };
}

function need<T>(v: T | undefined): T {
    if (v === undefined) throw new Error("the control plane is not started (useCluster's before hook failed)");
    return v;
}

// A root hook: after every suite of the run.
after(async function () {
    this.timeout(60_000);
    if (shared) await (await shared).stop();
});
