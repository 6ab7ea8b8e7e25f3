/**
 * `npm run kube -- build|start|stop|status`.
 *   build                build (or find cached) etcd, kube-apiserver, kube-controller-manager,
 *                        and np-guard's netpol-analyzer
 *   start [--stack NAME] start a control plane in the background (and apply that stack's
 *                        in-cluster objects); prints the kubeconfig path
 *   stop                 stop the control plane `start` left running
 *   status               say whether it runs, and where its kubeconfig is
 * Exit 0 on success, 2 on any failure (the reason on stderr).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { build, KubeBuildError } from "./build";
import { buildAnalyzer } from "./netpolAnalyzer";
import { KubeHarnessError } from "./harness";
import { alive } from "./processes";
import { runDir, running, type RunState } from "./runState";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describe(s: RunState): string {
    const ids = Object.keys(s.kubeconfigs).join(", ");
    return (
        `control plane running at ${s.server}${s.stack ? ` with stack ${s.stack} applied` : ""}\n` +
        `kubeconfig: ${s.kubeconfig}\n  (contexts: ${ids}; e.g. kubectl --kubeconfig ${s.kubeconfig} --context ${Object.keys(s.kubeconfigs).at(-1)} get pods -A)`
    );
}

async function startCmd(args: string[]): Promise<number> {
    const already = running();
    if (already) {
        process.stdout.write(`${describe(already)}\n`);
        return 0;
    }
    build({ log: () => undefined });
    const dir = runDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.rmSync(path.join(dir, "ready.json"), { force: true });
    const logFile = path.join(dir, "supervisor.log");
    const fd = fs.openSync(logFile, "w");
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "supervisor.ts"), ...args], {
        cwd: path.resolve(__dirname, "..", ".."),
        detached: true,
        stdio: ["ignore", fd, fd],
    });
    fs.closeSync(fd);
    child.unref();
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
        const s = running();
        if (s) {
            process.stdout.write(fs.readFileSync(logFile, "utf8"));
            process.stdout.write(`${describe(s)}\nstop it with: npm run kube -- stop\n`);
            return 0;
        }
        if (child.pid === undefined || !alive(child.pid)) break;
        await sleep(500);
    }
    if (child.pid !== undefined && alive(child.pid)) process.kill(child.pid, "SIGTERM");
    throw new KubeHarnessError(
        `the control plane did not start; ${logFile} says:\n${fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-30).join("\n")}`,
    );
}

async function stopCmd(): Promise<number> {
    const s = running();
    if (!s) {
        process.stdout.write("no control plane is running\n");
        return 0;
    }
    process.kill(s.supervisor, "SIGTERM");
    for (let i = 0; i < 60 && alive(s.supervisor); i++) await sleep(250);
    if (alive(s.supervisor)) process.kill(s.supervisor, "SIGKILL");
    process.stdout.write(`stopped the control plane at ${s.server}\n`);
    return 0;
}

async function main(argv: string[]): Promise<number> {
    const [cmd, ...rest] = argv;
    switch (cmd) {
        case "build":
            // KUBE_GO_SOURCE: another wrapper module (the fault tests build a broken one).
            build({ source: process.env.KUBE_GO_SOURCE });
            // The independent network-policy analyzer the quarantine suite uses (tools/kube/netpolAnalyzer.ts).
            buildAnalyzer();
            return 0;
        case "start":
            return startCmd(rest);
        case "stop":
            return stopCmd();
        case "status": {
            const s = running();
            process.stdout.write(s ? `${describe(s)}\n` : "no control plane is running\n");
            return 0;
        }
        default:
            process.stderr.write(`kube: unknown command '${cmd ?? ""}'; use one of: build, start [--stack NAME], stop, status\n`);
            return 2;
    }
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
        const known = err instanceof KubeBuildError || err instanceof KubeHarnessError;
        process.stderr.write(`kube: ${known ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(2);
    },
);
