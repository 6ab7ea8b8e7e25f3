/**
 * A real Kubernetes control plane for tests and for trying the baseline:
 * etcd, kube-apiserver and kube-controller-manager (built by `npm run kube --
 * build`), on loopback ports chosen at random, in a data folder of their own.
 *
 *     import { start } from "../../tools/kube/harness";
 *     const cp = await start({ identities: [{ name: "alice", groups: ["team:a:edit"] }] });
 *     cp.server;                  // https://127.0.0.1:<port>
 *     cp.kubeconfigs.alice;       // a kubeconfig that authenticates as alice (token)
 *     cp.kubeconfigs.admin;       // always there: system:masters
 *     await cp.stop();            // stops every process, removes the folder
 *
 * Authentication is a static token file (one token per identity: user = name,
 * the groups given); authorization is Node,RBAC as on EKS; admission is the API
 * server's default plugin set plus NodeRestriction (Pod Security,
 * ValidatingAdmissionPolicy, LimitRanger, ResourceQuota, ServiceAccount ...).
 * The controller manager runs the namespace, service-account, resource-quota
 * and garbage-collector controllers. No kubelet, scheduler or network plugin:
 * pods are admitted and stored, never run, and network policies are stored,
 * never enforced.
 *
 * Every process is stopped however the caller ends: stop(), an exception, or
 * the caller being killed (a watchdog process, see processes.ts).
 */
import { randomBytes, generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cachedBinaries, type Command, pinnedVersion } from "./build";
import { logTail, Managed, startProcess, stopProcess, Watchdog } from "./processes";
import {
    choosePorts,
    KubeHarnessError,
    kubeconfigFor,
    prepareDir,
    request,
    safeFileName,
    STATE_FILE,
    waitFor,
    writeState,
} from "./loopback";

export { freePort, KubeHarnessError } from "./loopback";

/** The harness's flags with `extra` appended, a flag in `extra` replacing every base flag of the same name. */
export function withOverrides(base: readonly string[], extra: readonly string[] = []): string[] {
    const flagName = (arg: string) => arg.split("=", 1)[0];
    const replaced = new Set(extra.map(flagName));
    return [...base.filter((arg) => !replaced.has(flagName(arg))), ...extra];
}

export interface Identity {
    /** User name; also the kubeconfig file name and context name. */
    readonly name: string;
    readonly groups: readonly string[];
}

export const ADMIN: Identity = { name: "admin", groups: ["system:masters"] };
/** The controller manager's identity. system:masters: it runs without per-controller service accounts. */
const CONTROLLER_MANAGER: Identity = { name: "system:kube-controller-manager", groups: ["system:masters"] };

export interface StartOptions {
    /** Identities besides `admin` (which is always there). */
    readonly identities?: readonly Identity[];
    /** Data folder. Default: a new temporary folder. A stale one (no live process of ours) is emptied. */
    readonly dir?: string;
    /** Keep the data folder after stop() (default: remove it). */
    readonly keep?: boolean;
    /** How long the whole start may take (default 60 s: 30 s expected, slack for a loaded machine). */
    readonly readyTimeoutMs?: number;
    /** Fixed ports instead of random free ones. */
    readonly ports?: Partial<Ports>;
    /**
     * Extra flags per process. A flag named here replaces the harness's flag of the same name
     * (list flags such as --etcd-servers would otherwise add to it, not replace it).
     */
    readonly extraArgs?: Partial<Record<Command, readonly string[]>>;
    /** Binaries; default: the cached build of the pinned version. */
    readonly bin?: Record<Command, string>;
    readonly log?: (line: string) => void;
}

export interface Ports {
    readonly etcdClient: number;
    readonly etcdPeer: number;
    readonly apiserver: number;
}

export interface ControlPlane {
    /** https://127.0.0.1:<port> */
    readonly server: string;
    readonly dir: string;
    /** The CA bundle that verifies the server's certificate. */
    readonly caFile: string;
    /** One kubeconfig per identity name (admin included). */
    readonly kubeconfigs: Readonly<Record<string, string>>;
    /** One kubeconfig with a context per identity; the current context is admin. */
    readonly kubeconfig: string;
    readonly tokens: Readonly<Record<string, string>>;
    readonly identities: readonly Identity[];
    readonly ports: Ports;
    readonly pids: Readonly<Record<Command, number>>;
    /** Milliseconds from start() to ready. */
    readonly startMs: number;
    /** Last lines of a process's log. */
    logTail(cmd: Command, lines?: number): string;
    /** Stops every process (idempotent) and removes the folder unless `keep`. */
    stop(): Promise<void>;
}

export async function start(opts: StartOptions = {}): Promise<ControlPlane> {
    const started = Date.now();
    const log = opts.log ?? (() => undefined);
    const deadline = started + (opts.readyTimeoutMs ?? 60_000);
    const bin = opts.bin ?? cachedBinaries(pinnedVersion())?.bin;
    if (!bin) throw new KubeHarnessError(`the control plane ${pinnedVersion()} is not built; run: npm run kube -- build`);
    for (const [cmd, file] of Object.entries(bin))
        if (!fs.existsSync(file)) throw new KubeHarnessError(`${cmd} binary not found at ${file}; run: npm run kube -- build`);

    const identities: Identity[] = [ADMIN, ...(opts.identities ?? [])];
    const names = new Set<string>();
    for (const id of identities) {
        if (names.has(id.name)) throw new KubeHarnessError(`identity "${id.name}" is given twice`);
        if (!/^[A-Za-z0-9:._@-]+$/.test(id.name))
            throw new KubeHarnessError(`identity name "${id.name}" may hold only letters, digits and : . _ @ -`);
        for (const g of id.groups)
            if (/[",\n]/.test(g)) throw new KubeHarnessError(`group "${g}" of "${id.name}" may not hold quotes, commas or newlines`);
        names.add(id.name);
    }

    const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "secure-baseline-kube-"));
    prepareDir(dir, log);
    const ports = await choosePorts(opts.ports);
    const watchdog = new Watchdog();
    if (!opts.keep) watchdog.removeOnDeath(dir);
    const procs: Managed[] = [];
    let stopped = false;
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        for (const m of [...procs].reverse()) await stopProcess(m);
        watchdog.dismiss();
        if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
        else fs.rmSync(path.join(dir, STATE_FILE), { force: true });
    };
    const onExit = () => {
        for (const m of procs) if (m.exit === undefined) m.child.kill("SIGKILL");
    };
    process.once("exit", onExit);

    try {
        const logs = path.join(dir, "logs");
        fs.mkdirSync(logs, { recursive: true });
        const tokens = new Map<Identity, string>([...identities, CONTROLLER_MANAGER].map((id) => [id, randomBytes(24).toString("hex")]));
        const tokenFile = path.join(dir, "tokens.csv");
        fs.writeFileSync(tokenFile, [...tokens].map(([id, t]) => `${t},${id.name},${id.name},"${id.groups.join(",")}"`).join("\n") + "\n", {
            mode: 0o600,
        });
        const sa = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
        const saKey = path.join(dir, "sa.key");
        const saPub = path.join(dir, "sa.pub");
        fs.writeFileSync(saKey, sa.privateKey.export({ type: "sec1", format: "pem" }), { mode: 0o600 });
        fs.writeFileSync(saPub, sa.publicKey.export({ type: "spki", format: "pem" }));

        const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
        const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
        const etcd = startProcess(
            "etcd",
            bin.etcd,
            withOverrides(
                [
                    "--name=harness",
                    `--data-dir=${path.join(dir, "etcd")}`,
                    `--listen-client-urls=${etcdUrl}`,
                    `--advertise-client-urls=${etcdUrl}`,
                    `--listen-peer-urls=${peerUrl}`,
                    `--initial-advertise-peer-urls=${peerUrl}`,
                    `--initial-cluster=harness=${peerUrl}`,
                    // A test store: losing it on a crash costs nothing, and fsync on a shared disk costs seconds.
                    "--unsafe-no-fsync",
                    "--log-level=warn",
                ],
                opts.extraArgs?.etcd,
            ),
            path.join(logs, "etcd.log"),
            watchdog,
        );
        procs.push(etcd);
        writeState(dir, procs);
        await waitFor("etcd became healthy", etcd, deadline, async () =>
            (await request(`${etcdUrl}/health`, undefined, undefined)).body.includes('"health":"true"'),
        );

        const certDir = path.join(dir, "certs");
        const server = `https://127.0.0.1:${ports.apiserver}`;
        const apiserver = startProcess(
            "kube-apiserver",
            bin["kube-apiserver"],
            withOverrides(
                [
                    `--etcd-servers=${etcdUrl}`,
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    `--secure-port=${ports.apiserver}`,
                    // The server signs its own serving certificate (for localhost and 127.0.0.1) into --cert-dir.
                    `--cert-dir=${certDir}`,
                    `--token-auth-file=${tokenFile}`,
                    "--authorization-mode=Node,RBAC",
                    "--enable-admission-plugins=NodeRestriction",
                    "--allow-privileged=true",
                    "--service-cluster-ip-range=10.96.0.0/16",
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    `--service-account-key-file=${saPub}`,
                    `--service-account-signing-key-file=${saKey}`,
                    "--profiling=false",
                    "--v=1",
                ],
                opts.extraArgs?.["kube-apiserver"],
            ),
            path.join(logs, "kube-apiserver.log"),
            watchdog,
        );
        procs.push(apiserver);
        writeState(dir, procs);
        const caFile = path.join(certDir, "apiserver.crt");
        const ca = () => (fs.existsSync(caFile) ? fs.readFileSync(caFile) : undefined);
        const adminToken = tokens.get(ADMIN)!;
        await waitFor("kube-apiserver became ready (/readyz)", apiserver, deadline, async () => {
            const c = ca();
            return c !== undefined && (await request(`${server}/readyz`, adminToken, c)).status === 200;
        });

        const kcDir = path.join(dir, "kubeconfig");
        fs.mkdirSync(kcDir, { recursive: true });
        const kubeconfigs: Record<string, string> = {};
        for (const [id, token] of tokens) {
            const file = path.join(kcDir, `${safeFileName(id.name)}.yaml`);
            fs.writeFileSync(file, kubeconfigFor(server, caFile, [[id, token]], id.name), { mode: 0o600 });
            if (id !== CONTROLLER_MANAGER) kubeconfigs[id.name] = file;
        }
        const combined = path.join(dir, "kubeconfig.yaml");
        fs.writeFileSync(
            combined,
            kubeconfigFor(
                server,
                caFile,
                [...tokens].filter(([id]) => id !== CONTROLLER_MANAGER),
                ADMIN.name,
            ),
            { mode: 0o600 },
        );

        const kcm = startProcess(
            "kube-controller-manager",
            bin["kube-controller-manager"],
            withOverrides(
                [
                    `--kubeconfig=${path.join(kcDir, `${safeFileName(CONTROLLER_MANAGER.name)}.yaml`)}`,
                    // The admission-policy status controller type-checks every ValidatingAdmissionPolicy (status.typeChecking);
                    // the aggregation controller fills aggregated ClusterRoles, as on a real cluster.
                    "--controllers=namespace-controller,serviceaccount-controller,resourcequota-controller,garbage-collector-controller,validatingadmissionpolicy-status-controller,clusterrole-aggregation-controller",
                    "--leader-elect=false",
                    "--secure-port=0",
                    "--v=1",
                ],
                opts.extraArgs?.["kube-controller-manager"],
            ),
            path.join(logs, "kube-controller-manager.log"),
            watchdog,
        );
        procs.push(kcm);
        writeState(dir, procs, server, combined);
        // The service-account controller creating `default` in the default namespace shows the controllers run.
        await waitFor(
            "kube-controller-manager created the default ServiceAccount",
            kcm,
            deadline,
            async () => (await request(`${server}/api/v1/namespaces/default/serviceaccounts/default`, adminToken, ca())).status === 200,
        );

        const pids = Object.fromEntries(procs.map((m) => [m.name, m.child.pid ?? 0])) as Record<Command, number>;
        const startMs = Date.now() - started;
        log(`kube: control plane ready at ${server} in ${(startMs / 1000).toFixed(1)} s (data in ${dir})`);
        return {
            server,
            dir,
            caFile,
            kubeconfigs,
            kubeconfig: combined,
            ports,
            pids,
            startMs,
            tokens: Object.fromEntries([...tokens].filter(([id]) => id !== CONTROLLER_MANAGER).map(([id, t]) => [id.name, t])),
            identities,
            logTail: (cmd, lines) => logTail(path.join(logs, `${cmd}.log`), lines),
            stop: async () => {
                process.removeListener("exit", onExit);
                await stop();
            },
        };
    } catch (err) {
        process.removeListener("exit", onExit);
        await stop();
        throw err;
    }
}
