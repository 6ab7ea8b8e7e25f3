/**
 * Bad input and faults of the build and the harness: a port in use, a stale or live data folder, an API
 * server that never becomes ready (its log tail shown), the runner killed with SIGKILL (every process
 * still stops), a build that fails (the Go error shown, exit 2) and a missing Go toolchain (exit 2).
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { pinnedVersion } from "../../tools/kube/build";
import { start } from "../../tools/kube/harness";
import { alive } from "../../tools/kube/processes";

const REPO = path.join(__dirname, "..", "..");
const CLI = path.join(REPO, "tools", "kube", "cli.ts");
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `kube-fault-${prefix}-`));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cli(args: string[], env: NodeJS.ProcessEnv) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", CLI, ...args], {
        cwd: REPO,
        env: { ...process.env, ...env },
        encoding: "utf8",
    });
}

describe("Faults: the harness", () => {
    it("a port already in use is refused, naming the port", async () => {
        const srv = net.createServer();
        await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
        const port = (srv.address() as net.AddressInfo).port;
        try {
            await assert.rejects(
                start({ ports: { apiserver: port } }),
                new RegExp(`port ${port} \\(apiserver\\) on 127\\.0\\.0\\.1 is already in use`),
            );
        } finally {
            srv.close();
        }
    });

    it("a stale data folder (dead processes, old etcd data) is emptied and the control plane starts", async () => {
        const dir = tmp("stale");
        fs.mkdirSync(path.join(dir, "etcd", "member"), { recursive: true });
        fs.writeFileSync(path.join(dir, "etcd", "member", "garbage"), "not etcd data");
        fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify({ pids: { etcd: 2 ** 22 + 7 } }));
        const cp = await start({ dir });
        try {
            assert.ok(!fs.existsSync(path.join(dir, "etcd", "member", "garbage")));
        } finally {
            await cp.stop();
        }
        assert.ok(!fs.existsSync(dir), "stop() removes the folder");
    });

    it("a data folder whose processes still run is refused", async () => {
        const dir = tmp("live");
        fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify({ pids: { etcd: process.pid } }));
        await assert.rejects(start({ dir }), /belongs to a running control plane/);
        assert.ok(fs.existsSync(path.join(dir, "state.json")), "the live folder is left alone");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("an API server that never becomes ready fails the start with its log tail, and nothing is left running", async () => {
        const dir = tmp("never");
        const err = await start({
            dir,
            keep: true,
            readyTimeoutMs: 15_000,
            extraArgs: { "kube-apiserver": ["--etcd-servers=http://127.0.0.1:9"] },
        }).then(
            () => assert.fail("started"),
            (e: Error) => e,
        );
        assert.match(err.message, /kube-apiserver/);
        assert.match(err.message, /last lines of .*kube-apiserver\.log:\n/);
        assert.ok(err.message.split("\n").length > 3, "the log tail is shown");
        const log = fs.readFileSync(path.join(dir, "logs", "kube-apiserver.log"), "utf8");
        assert.ok(log.length > 0);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("SIGKILL of the process that started the control plane stops every process (watchdog)", async () => {
        const script = `require(${JSON.stringify(path.join(REPO, "tools", "kube", "harness"))}).start().then((cp) => {
            process.stdout.write(JSON.stringify({ pids: cp.pids, dir: cp.dir }) + "\\n");
            setInterval(() => undefined, 1 << 30);
        }, (e) => { process.stdout.write(JSON.stringify({ error: e.message }) + "\\n"); process.exit(1); });`;
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
            cwd: REPO,
            stdio: ["ignore", "pipe", "inherit"],
        });
        const line = await new Promise<string>((resolve) => {
            let out = "";
            child.stdout.on("data", (d: Buffer) => {
                out += d.toString();
                if (out.includes("\n")) resolve(out.split("\n")[0]);
            });
        });
        const started = JSON.parse(line) as { pids: Record<string, number>; dir: string; error?: string };
        assert.equal(started.error, undefined);
        const pids = Object.values(started.pids);
        assert.equal(pids.length, 3);
        assert.ok(pids.every(alive));
        child.kill("SIGKILL");
        for (let i = 0; i < 100 && (pids.some(alive) || fs.existsSync(started.dir)); i++) await sleep(100);
        assert.deepEqual(pids.filter(alive), [], "etcd, kube-apiserver and kube-controller-manager are gone");
        assert.ok(!fs.existsSync(started.dir), "the data folder is removed");
    });
});

describe("Faults: the build", () => {
    it("a build that fails shows the Go error and exits 2", function () {
        this.timeout(900_000);
        const source = tmp("src");
        fs.cpSync(path.join(REPO, "tools", "kube", "go"), source, { recursive: true });
        // A type error (not a syntax error, which go mod tidy would already report) in every command, so
        // nothing is linked: the dependencies come from the Go build cache and the test stays short.
        for (const cmd of ["etcd", "kube-apiserver", "kube-controller-manager"]) {
            fs.writeFileSync(path.join(source, cmd, "main.go"), "package main\n\nfunc main() {\n\tundefinedOnPurpose()\n}\n");
        }
        const cache = tmp("cache");
        const r = cli(["build"], { KUBE_GO_SOURCE: source, KUBE_CACHE: cache });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /go build failed/);
        assert.match(r.stderr, /undefined: undefinedOnPurpose/);
        assert.ok(!fs.existsSync(path.join(cache, pinnedVersion(), "bin")), "no partial binaries are published");
        fs.rmSync(source, { recursive: true, force: true });
        fs.rmSync(cache, { recursive: true, force: true });
    });

    it("a missing Go toolchain gives a clear message and exits 2", () => {
        const cache = tmp("nogo");
        const r = cli(["build"], { KUBE_GO: "/nonexistent/go", KUBE_CACHE: cache });
        assert.equal(r.status, 2);
        assert.match(r.stderr, /Go is needed to build the control plane.*Install Go/s);
        fs.rmSync(cache, { recursive: true, force: true });
    });

    it("an unknown command exits 2 and lists the commands", () => {
        const r = cli(["frobnicate"], {});
        assert.equal(r.status, 2);
        assert.match(r.stderr, /use one of: build, start/);
    });
});
