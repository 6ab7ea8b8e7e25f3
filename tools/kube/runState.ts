/** Where `npm run kube -- start` keeps its control plane: beside the build cache, outside the clone. */
import * as fs from "fs";
import * as path from "path";
import { cacheRoot } from "./build";
import { alive } from "./processes";

export function runDir(): string {
    return path.join(cacheRoot(), "run");
}

export interface RunState {
    readonly supervisor: number;
    readonly server: string;
    readonly kubeconfig: string;
    readonly kubeconfigs: Record<string, string>;
    readonly stack: string | null;
}

/** The running control plane of `start`, or undefined. */
export function running(): RunState | undefined {
    const file = path.join(runDir(), "ready.json");
    if (!fs.existsSync(file)) return undefined;
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as RunState;
    return alive(state.supervisor) ? state : undefined;
}
