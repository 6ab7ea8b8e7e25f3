/**
 * The processes of one control plane: spawned with their output in a log file,
 * registered with a watchdog, stopped in order. The watchdog is a tiny process
 * holding the read end of a pipe from the process that started the control
 * plane; when that process is gone, however it went (SIGKILL included), the
 * kernel closes the pipe and the watchdog kills every process still registered
 * and removes the data folder it was told about. Same idea as the offline
 * check's watchdog (tools/check/children.ts), plus the folder.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";

const WATCHDOG_SOURCE = `
const fs = require("fs");
const watched = new Set();
let dir = "";
const rl = require("readline").createInterface({ input: process.stdin });
rl.on("line", (line) => {
    if (line.startsWith("dir ")) dir = line.slice(4);
    else if (line.startsWith("-")) watched.delete(line.slice(1));
    else if (line) watched.add(line);
});
rl.on("close", () => {
    for (const pid of watched) { try { process.kill(Number(pid), "SIGKILL"); } catch {} }
    // A moment for the kernel to release the files before the folder goes.
    setTimeout(() => { if (dir) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} } process.exit(0); }, 300);
});
process.stdin.on("error", () => rl.close());
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {});
`;

export class Watchdog {
    private readonly proc: ChildProcess;

    constructor() {
        this.proc = spawn(process.execPath, ["-e", WATCHDOG_SOURCE], { stdio: ["pipe", "ignore", "ignore"] });
        this.proc.on("error", () => undefined);
        this.proc.stdin?.on("error", () => undefined);
        // Neither the watchdog nor its pipe may keep the caller alive.
        this.proc.unref();
        (this.proc.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }

    get pid(): number | undefined {
        return this.proc.pid;
    }

    watch(pid: number): void {
        this.proc.stdin?.write(`${pid}\n`);
    }

    forget(pid: number): void {
        this.proc.stdin?.write(`-${pid}\n`);
    }

    /** The folder to remove once the caller is gone (only when it was not stopped properly). */
    removeOnDeath(dir: string): void {
        this.proc.stdin?.write(`dir ${dir}\n`);
    }

    /** Ends the watchdog without it killing anything (everything was stopped already). */
    dismiss(): void {
        this.proc.stdin?.write(`dir \n`);
        this.proc.stdin?.end();
    }
}

export interface Managed {
    readonly name: string;
    readonly child: ChildProcess;
    readonly logFile: string;
    /** Set once the process has exited: its exit code, or the signal that ended it. */
    exit?: string;
}

/** The last `lines` lines of a log file, for error messages. */
export function logTail(file: string, lines = 25): string {
    if (!fs.existsSync(file)) return "(no log)";
    const text = fs.readFileSync(file, "utf8").trimEnd();
    return text.split("\n").slice(-lines).join("\n") || "(empty log)";
}

export function startProcess(
    name: string,
    bin: string,
    args: string[],
    logFile: string,
    watchdog: Watchdog,
    env: NodeJS.ProcessEnv = process.env,
): Managed {
    const fd = fs.openSync(logFile, "a");
    const child = spawn(bin, args, { stdio: ["ignore", fd, fd], env });
    fs.closeSync(fd);
    const managed: Managed = { name, child, logFile };
    child.on("error", (err) => {
        managed.exit = `could not start: ${err.message}`;
    });
    if (child.pid !== undefined) watchdog.watch(child.pid);
    child.once("exit", (code, signal) => {
        managed.exit = signal ? `signal ${signal}` : `code ${code}`;
        if (child.pid !== undefined) watchdog.forget(child.pid);
    });
    return managed;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export function stopProcess(m: Managed, graceMs = 5000): Promise<void> {
    const { child } = m;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill("SIGTERM");
    });
}

/** True when a process with this pid exists (signal 0 probes without sending anything). */
export function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
