/**
 * Server-side apply of stack objects, as the Pulumi provider applies them.
 *
 * The objects go to the server exactly as the stack wrote them. @kubernetes/client-node's object API is
 * not used for this: it re-serializes every object through its generated models, which drops fields the
 * models spell differently (a LimitRange's `default` limits are `_default` there) and fields newer than
 * the models, so the server would judge a different object than the stack's.
 */
import * as https from "https";
import * as k8s from "@kubernetes/client-node";
import { applyOrder, type StackObject } from "./baseline";

/** The field manager for objects that are not patches (the provider's own name for server-side apply). */
export const DEFAULT_FIELD_MANAGER = "pulumi-kubernetes";

export interface ApplyFailure {
    readonly object: StackObject;
    readonly status: number;
    readonly message: string;
}

interface Reply {
    readonly status: number;
    readonly body: unknown;
}

/** One request to the server of `kc` as its current user. */
async function send(kc: k8s.KubeConfig, method: string, path: string, body?: string, contentType?: string): Promise<Reply> {
    const server = kc.getCurrentCluster()?.server;
    if (!server) throw new Error("the kubeconfig names no server");
    const opts: https.RequestOptions = {
        method,
        headers: { accept: "application/json", ...(contentType ? { "content-type": contentType } : {}) },
    };
    await kc.applyToHTTPSOptions(opts);
    return new Promise((resolve, reject) => {
        const req = https.request(new URL(path, server), opts, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (d: string) => (text += d));
            res.on("end", () => {
                let parsed: unknown = text;
                try {
                    parsed = text ? JSON.parse(text) : {};
                } catch {
                    // not JSON: keep the text
                }
                resolve({ status: res.statusCode ?? 0, body: parsed });
            });
        });
        req.on("error", reject);
        if (body !== undefined) req.write(body);
        req.end();
    });
}

interface ApiResource {
    readonly name: string;
    readonly kind: string;
    readonly namespaced: boolean;
}

/** Resolves kinds to REST paths through the server's discovery documents (one per group version). */
class Paths {
    private readonly lists = new Map<string, Promise<ApiResource[]>>();

    constructor(private readonly kc: k8s.KubeConfig) {}

    private resources(apiVersion: string): Promise<ApiResource[]> {
        let list = this.lists.get(apiVersion);
        if (!list) {
            const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            list = this.discover(base, apiVersion);
            this.lists.set(apiVersion, list);
        }
        return list;
    }

    /** A CRD applied a moment ago is served once it is established: a 404 is retried for a while. */
    private async discover(base: string, apiVersion: string): Promise<ApiResource[]> {
        for (let attempt = 0; ; attempt++) {
            const r = await send(this.kc, "GET", base);
            if (r.status === 200) return ((r.body as { resources?: ApiResource[] }).resources ?? []).filter((x) => !x.name.includes("/"));
            if (r.status !== 404 || attempt >= 100) throw new Error(`the server does not serve ${apiVersion} (${r.status})`);
            await new Promise((done) => setTimeout(done, 200));
        }
    }

    async of(o: StackObject["object"]): Promise<string> {
        let resource = (await this.resources(o.apiVersion)).find((x) => x.kind === o.kind);
        // Each CRD of a group is established on its own: the group may be served before this kind is.
        for (let attempt = 0; !resource && attempt < 50; attempt++) {
            await new Promise((done) => setTimeout(done, 200));
            this.lists.delete(o.apiVersion);
            resource = (await this.resources(o.apiVersion)).find((x) => x.kind === o.kind);
        }
        if (!resource) throw new Error(`the server has no kind ${o.kind} in ${o.apiVersion}`);
        const base = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
        const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(o.metadata.namespace ?? "default")}` : "";
        return `${base}${ns}/${resource.name}/${encodeURIComponent(o.metadata.name)}`;
    }
}

function messageOf(r: Reply): string {
    if (typeof r.body === "string") return r.body;
    return (r.body as { message?: string }).message ?? JSON.stringify(r.body);
}

/** Applies every object (in dependency order); returns the ones the server refused, with its reason. */
export async function applyObjects(kubeconfigFile: string, objects: readonly StackObject[]): Promise<ApplyFailure[]> {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigFile);
    const paths = new Paths(kc);
    const failures: ApplyFailure[] = [];
    for (const o of applyOrder(objects)) {
        try {
            const query = new URLSearchParams({
                fieldManager: o.fieldManager ?? DEFAULT_FIELD_MANAGER,
                ...(o.force ? { force: "true" } : {}),
            });
            const r = await send(
                kc,
                "PATCH",
                `${await paths.of(o.object)}?${query}`,
                JSON.stringify(o.object),
                "application/apply-patch+yaml",
            );
            if (r.status < 200 || r.status >= 300) failures.push({ object: o, status: r.status, message: messageOf(r) });
        } catch (err) {
            failures.push({ object: o, status: 0, message: err instanceof Error ? err.message : String(err) });
        }
    }
    return failures;
}
