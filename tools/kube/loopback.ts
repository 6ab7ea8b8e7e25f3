/**
 * The control plane's plumbing on loopback: free ports, readiness probes over HTTPS with a
 * bearer token, kubeconfigs per identity, and the state file that lets a later run find the
 * processes (harness.ts starts them).
 */
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { stringify } from "yaml";
import type { Identity, Ports } from "./harness";
import { alive, logTail, Managed } from "./processes";

export class KubeHarnessError extends Error {}

export const STATE_FILE = "state.json";

/** A free loopback port (the kernel picks it; it is released at once, and used within a second). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

/** Whether something listens on `port` of `host` (null: of any address, for servers that bind them all). */
export function portInUse(port: number, host: string | null = "127.0.0.1"): Promise<boolean> {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.unref();
        srv.once("error", () => resolve(true));
        const free = () => srv.close(() => resolve(false));
        if (host === null) srv.listen(port, free);
        else srv.listen(port, host, free);
    });
}

export async function choosePorts(fixed: Partial<Ports> = {}): Promise<Ports> {
    const names: Array<keyof Ports> = ["etcdClient", "etcdPeer", "apiserver"];
    const chosen: Partial<Record<keyof Ports, number>> = {};
    for (const name of names) {
        const want = fixed[name];
        if (want !== undefined) {
            if (await portInUse(want))
                throw new KubeHarnessError(
                    `port ${want} (${name}) on 127.0.0.1 is already in use; choose another or leave it out to get a free one`,
                );
            chosen[name] = want;
        } else {
            let p = await freePort();
            while (Object.values(chosen).includes(p)) p = await freePort();
            chosen[name] = p;
        }
    }
    return chosen as Ports;
}

/**
 * Prepares the data folder. A folder whose recorded processes still run belongs to a live control plane:
 * refused. Anything else there (a crashed run's etcd data, old certificates) is stale: removed.
 */
export function prepareDir(dir: string, log: (l: string) => void): void {
    const stateFile = path.join(dir, STATE_FILE);
    if (fs.existsSync(stateFile)) {
        let pids: number[] = [];
        try {
            pids = Object.values((JSON.parse(fs.readFileSync(stateFile, "utf8")) as { pids?: Record<string, number> }).pids ?? {});
        } catch {
            // Unreadable state: treat as stale.
        }
        const live = pids.filter((p) => typeof p === "number" && alive(p));
        if (live.length > 0)
            throw new KubeHarnessError(
                `${dir} belongs to a running control plane (pids ${live.join(", ")}); stop it first (npm run kube -- stop) or use another folder`,
            );
    }
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
        log(`kube: removing stale data in ${dir}`);
        for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
    fs.mkdirSync(dir, { recursive: true });
}

export function request(url: string, token: string | undefined, ca: Buffer | undefined): Promise<{ status: number; body: string }> {
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    return new Promise((resolve) => {
        const req = mod.request(
            u,
            {
                method: "GET",
                headers: token ? { authorization: `Bearer ${token}` } : {},
                ca,
                rejectUnauthorized: ca !== undefined,
                timeout: 3000,
            },
            (res) => {
                let body = "";
                res.setEncoding("utf8");
                res.on("data", (d: string) => (body += d));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            },
        );
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", () => resolve({ status: 0, body: "" }));
        req.end();
    });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns true; fails with the process's log tail if it exits or time runs out. */
export async function waitFor(what: string, m: Managed, deadline: number, probe: () => Promise<boolean>): Promise<void> {
    for (;;) {
        if (m.exit !== undefined)
            throw new KubeHarnessError(`${m.name} exited (${m.exit}) before ${what}; last lines of ${m.logFile}:\n${logTail(m.logFile)}`);
        if (await probe()) return;
        if (Date.now() > deadline)
            throw new KubeHarnessError(`${what} did not happen in time; last lines of ${m.logFile}:\n${logTail(m.logFile)}`);
        await sleep(250);
    }
}

export function kubeconfigFor(server: string, caFile: string, ids: ReadonlyArray<[Identity, string]>, current: string): string {
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "secure-baseline", cluster: { server, "certificate-authority": caFile } }],
        users: ids.map(([id, token]) => ({ name: id.name, user: { token } })),
        contexts: ids.map(([id]) => ({ name: id.name, context: { cluster: "secure-baseline", user: id.name, namespace: "default" } })),
        "current-context": current,
    });
}

export function safeFileName(name: string): string {
    return name.replace(/[^A-Za-z0-9._-]/g, "_");
}

export function writeState(dir: string, procs: readonly Managed[], server?: string, kubeconfig?: string): void {
    const pids = Object.fromEntries(procs.map((m) => [m.name, m.child.pid ?? 0]));
    fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify({ pids, server, kubeconfig }, null, 2));
}
