/**
 * The Sigstore pieces of CTR-2 run on loopback, from the binaries `npm run sigstore -- build` caches: the
 * distribution registry, the policy-controller webhook (against a control plane of tools/kube/harness.ts)
 * and cosign. test/kube/signing-e2e.kube.ts drives them; docs/signing.md says what that shows.
 *
 * The webhook is a knative service: it reads its ConfigMaps and serving certificate from its system
 * namespace and would register itself through a Service. Here the certificate is made for 127.0.0.1
 * (openssl) and put in that namespace's `webhook-certs` Secret before it starts (knative keeps a valid
 * one), and the API server calls it by URL: knative then leaves the webhook configurations alone (it only
 * edits ones with a Service reference) and the caller registers them.
 */
import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";
import { stringify } from "yaml";
import { freePort } from "../kube/harness";
import { portInUse, waitFor } from "../kube/loopback";
import { type Managed, startProcess, stopProcess, Watchdog } from "../kube/processes";
import { TOOLS, cached, type Tool } from "./build";

export class LoopbackError extends Error {}

/** The cached binary of each tool, or an error naming what is missing and the command that builds it. */
export function sigstoreBinaries(): Record<Tool["name"], string> {
    const missing = TOOLS.filter((t) => cached(t) === undefined);
    if (missing.length > 0)
        throw new LoopbackError(`not built: ${missing.map((t) => `${t.name} ${t.version}`).join(", ")}; run: npm run sigstore -- build`);
    return Object.fromEntries(TOOLS.map((t) => [t.name, cached(t)!])) as Record<Tool["name"], string>;
}

/** The kube harness's poll (exit check, 250 ms steps), with a probe that fails counting as "not yet". */
async function until(what: string, m: Managed, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    try {
        await waitFor(what, m, Date.now() + timeoutMs, () => probe().catch(() => false));
    } catch (e) {
        throw new LoopbackError(e instanceof Error ? e.message : String(e), { cause: e });
    }
}

function httpStatus(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const req = http.get(url, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
    });
}

export interface Service {
    readonly process: Managed;
    stop(): Promise<void>;
}

export interface Registry extends Service {
    /** `127.0.0.1:<port>`: the registry host of image references (plain HTTP, as clients treat loopback). */
    readonly host: string;
}

/** The distribution registry on a free loopback port, storing under `dir`. */
export async function startRegistry(bin: string, dir: string, watchdog: Watchdog, timeoutMs = 60_000): Promise<Registry> {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const config = path.join(dir, "registry.yaml");
    fs.writeFileSync(
        config,
        stringify({
            version: 0.1,
            log: { level: "warn", accesslog: { disabled: true } },
            storage: { filesystem: { rootdirectory: path.join(dir, "registry-data") } },
            http: { addr: host, secret: randomBytes(16).toString("hex") },
        }),
    );
    // No tracing exporter: it would try to reach a collector.
    const env = { ...process.env, OTEL_TRACES_EXPORTER: "none" };
    const m = startProcess("registry", bin, ["serve", config], path.join(dir, "registry.log"), watchdog, env);
    await until(`the registry answers on ${host}`, m, async () => (await httpStatus(`http://${host}/v2/`)) === 200, timeoutMs);
    return { process: m, host, stop: () => stopProcess(m) };
}

/** A key and a self-signed certificate for 127.0.0.1 (the API server checks the webhook's address against it). */
export function loopbackCertificate(dir: string): { certFile: string; keyFile: string; cert: string; key: string } {
    const certFile = path.join(dir, "webhook.crt");
    const keyFile = path.join(dir, "webhook.key");
    // Two days: knative replaces a certificate that expires within one.
    const r = spawnSync(
        "openssl",
        [
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "extendedKeyUsage=serverAuth",
            "-keyout",
            keyFile,
            "-out",
            certFile,
        ],
        { encoding: "utf8" },
    );
    if (r.error) throw new LoopbackError(`openssl could not run (${r.error.message}); the webhook's certificate is made with it`);
    if (r.status !== 0) throw new LoopbackError(`openssl failed making the webhook's certificate:\n${r.stderr}`);
    return { certFile, keyFile, cert: fs.readFileSync(certFile, "utf8"), key: fs.readFileSync(keyFile, "utf8") };
}

export interface WebhookOptions {
    readonly bin: string;
    readonly dir: string;
    /** The admin kubeconfig of the control plane. */
    readonly kubeconfig: string;
    /** The system namespace (its Secret `webhook-certs` must hold the certificate before the start). */
    readonly namespace: string;
    readonly watchdog: Watchdog;
    readonly timeoutMs?: number;
}

export interface Webhook extends Service {
    /** `https://127.0.0.1:<port>` */
    readonly url: string;
}

/**
 * The webhook listens on every address at fixed ports: 8443 (the chart's container port; v0.13.1's
 * `--secure-port` flag is read after the options were copied, so it changes nothing) and 8080 (knative's
 * health probes). Both must be free on this machine.
 */
export const WEBHOOK_PORT = 8443;
export const PROBES_PORT = 8080;

/**
 * The policy-controller webhook, with TUF off (no network; key authorities need no Sigstore root) and its
 * metrics and profiling servers on free ports. Resolves when it serves TLS with the given certificate.
 */
export async function startWebhook(o: WebhookOptions, caPem: string): Promise<Webhook> {
    for (const port of [WEBHOOK_PORT, PROBES_PORT])
        if (await portInUse(port, null))
            throw new LoopbackError(
                `port ${port} is in use; the policy-controller webhook listens on it (fixed upstream); free it and run again`,
            );
    const [metrics, profiling] = [await freePort(), await freePort()];
    const env = {
        ...process.env,
        KUBECONFIG: o.kubeconfig,
        SYSTEM_NAMESPACE: o.namespace,
        METRICS_DOMAIN: "sigstore.dev/policy",
        METRICS_PROMETHEUS_PORT: String(metrics),
        PROFILING_PORT: String(profiling),
    };
    const m = startProcess("policy-controller", o.bin, ["--disable-tuf"], path.join(o.dir, "policy-controller.log"), o.watchdog, env);
    const url = `https://127.0.0.1:${WEBHOOK_PORT}`;
    await until(`the webhook serves TLS on ${url}`, m, () => tlsAnswers(url, caPem), o.timeoutMs ?? 120_000);
    return { process: m, url, stop: () => stopProcess(m) };
}

/** Any HTTP answer over TLS verified by `caPem` (the webhook answers 4xx to a GET on its root). */
function tlsAnswers(url: string, caPem: string): Promise<boolean> {
    return new Promise((resolve) => {
        const req = https.get(url, { ca: caPem, timeout: 5000 }, (res) => {
            res.resume();
            resolve(true);
        });
        req.on("error", () => resolve(false));
        req.on("timeout", () => req.destroy());
    });
}

export interface CosignKeys {
    readonly privateKeyFile: string;
    readonly publicKeyPem: string;
    readonly password: string;
}

function cosign(bin: string, args: string[], cwd: string, password: string): string {
    const r = spawnSync(bin, args, {
        cwd,
        encoding: "utf8",
        // No Sigstore services: nothing may reach the network.
        env: { ...process.env, COSIGN_PASSWORD: password, COSIGN_YES: "true", TUF_ROOT: path.join(cwd, "tuf") },
        timeout: 120_000,
    });
    if (r.error) throw new LoopbackError(`cosign ${args[0]} could not run: ${r.error.message}`);
    if (r.status !== 0) throw new LoopbackError(`cosign ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
    return r.stdout;
}

/** `cosign generate-key-pair`: an encrypted private key and its public key (PEM) in `dir`. */
export function cosignKeyPair(bin: string, dir: string): CosignKeys {
    const password = randomBytes(12).toString("hex");
    cosign(bin, ["generate-key-pair", "--output-key-prefix", "e2e"], dir, password);
    return { privateKeyFile: path.join(dir, "e2e.key"), publicKeyPem: fs.readFileSync(path.join(dir, "e2e.pub"), "utf8"), password };
}

/**
 * `cosign sign` of a digest reference with the local key, the signature kept in the registry only
 * (`--tlog-upload=false`, as docs/signing.md's CI step does with the KMS key).
 */
export function cosignSign(bin: string, keys: CosignKeys, ref: string, dir: string): void {
    cosign(bin, ["sign", "--yes", "--tlog-upload=false", "--key", keys.privateKeyFile, ref], dir, keys.password);
}

/** `cosign verify` with the public key, no transparency log; returns cosign's JSON of the verified payloads. */
export function cosignVerify(bin: string, keys: CosignKeys, ref: string, dir: string): unknown {
    const pub = path.join(dir, "e2e.pub");
    return JSON.parse(cosign(bin, ["verify", "--insecure-ignore-tlog", "--key", pub, ref], dir, keys.password)) as unknown;
}
