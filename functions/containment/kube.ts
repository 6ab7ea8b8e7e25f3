/**
 * The three Kubernetes API calls the function makes, over node:https with the cluster's CA and a
 * bearer token (the function's own EKS token, or any token in tests against a real API server).
 */
import * as https from "https";
import type { KubeApi, PodView } from "./handler";

export interface HttpReply {
    readonly status: number;
    readonly body: string;
}

export class KubeApiError extends Error {}

/** Name of the component that records the event (the event's source and reportingController). */
export const EVENT_SOURCE = "secure-baseline-containment";

function request(
    server: string,
    ca: Buffer,
    token: string,
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
): Promise<HttpReply> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        const req = https.request(
            new URL(path, server),
            {
                method,
                ca,
                timeout: 10_000,
                headers: {
                    authorization: `Bearer ${token}`,
                    accept: "application/json",
                    ...(data === undefined ? {} : { "content-type": contentType }),
                },
            },
            (res) => {
                let text = "";
                res.setEncoding("utf8");
                res.on("data", (d: string) => (text += d));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
            },
        );
        req.on("timeout", () => req.destroy(new KubeApiError(`${method} ${path}: no answer in 10 s`)));
        req.on("error", reject);
        if (data !== undefined) req.write(data);
        req.end();
    });
}

function fail(what: string, r: HttpReply): never {
    throw new KubeApiError(`${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}

const seg = encodeURIComponent;

/** A KubeApi against `server`; `token` is asked for on every call (EKS tokens live a minute). */
export function httpsKube(server: string, ca: Buffer, token: () => string, now: () => Date = () => new Date()): KubeApi {
    const podPath = (ns: string, name: string) => `/api/v1/namespaces/${seg(ns)}/pods/${seg(name)}`;
    return {
        async getPod(ns, name): Promise<PodView | undefined> {
            const r = await request(server, ca, token(), "GET", podPath(ns, name));
            if (r.status === 404) return undefined;
            if (r.status !== 200) fail(`get pod ${ns}/${name}`, r);
            const pod = JSON.parse(r.body) as { metadata?: { uid?: string; labels?: Record<string, string> } };
            return { uid: pod.metadata?.uid ?? "", labels: pod.metadata?.labels ?? {} };
        },
        async labelPod(ns, name, labels, annotations): Promise<void> {
            const r = await request(
                server,
                ca,
                token(),
                "PATCH",
                podPath(ns, name),
                { metadata: { labels, annotations } },
                "application/merge-patch+json",
            );
            if (r.status !== 200) fail(`label pod ${ns}/${name}`, r);
        },
        async createEvent(ns, pod, reason, message): Promise<void> {
            const at = now()
                .toISOString()
                .replace(/\.\d{3}Z$/, "Z");
            const event = {
                apiVersion: "v1",
                kind: "Event",
                metadata: { generateName: `${pod.name.slice(0, 200)}.` },
                involvedObject: { apiVersion: "v1", kind: "Pod", namespace: ns, name: pod.name, uid: pod.uid },
                reason,
                message,
                type: "Warning",
                source: { component: EVENT_SOURCE },
                firstTimestamp: at,
                lastTimestamp: at,
                count: 1,
            };
            const r = await request(server, ca, token(), "POST", `/api/v1/namespaces/${seg(ns)}/events`, event);
            if (r.status !== 201) fail(`create event for ${ns}/${pod.name}`, r);
        },
    };
}
