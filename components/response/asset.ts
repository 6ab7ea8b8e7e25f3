/**
 * Where the built containment function is. `npm run build` compiles functions/containment/ into
 * dist/functions/containment/; the component ships that folder as the function's code. In a clone,
 * a missing or stale build is compiled here first (a second or two, once), so a fresh clone's
 * `npm ci && npm run check` works without a separate build step; an installed package ships the build.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export class ContainmentBuildError extends Error {}

const ENTRY = "index.js";

/** The repository or package root: components/response is two levels down, in source and in dist/. */
function roots(): { root: string; built: string } {
    const up = path.resolve(__dirname, "..", "..");
    const root = path.basename(up) === "dist" ? path.dirname(up) : up;
    return { root, built: path.join(root, "dist", "functions", "containment") };
}

function newestSource(dir: string): number {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ts") || f === "tsconfig.json")
        .reduce((t, f) => Math.max(t, fs.statSync(path.join(dir, f)).mtimeMs), 0);
}

/** The folder holding the built function (index.js), building it first when the sources are newer. */
export function containmentCodeDir(): string {
    const { root, built } = roots();
    const sources = path.join(root, "functions", "containment");
    const entry = path.join(built, ENTRY);
    const builtAt = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
    if (fs.existsSync(sources) && builtAt < newestSource(sources)) {
        let tsc: string;
        try {
            tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
        } catch {
            throw new ContainmentBuildError(
                `the containment function in ${sources} is not built and TypeScript is not installed; run npm ci, then npm run build:functions`,
            );
        }
        const r = spawnSync(process.execPath, [tsc, "-p", path.join(sources, "tsconfig.json")], { cwd: root, encoding: "utf8" });
        if (r.status !== 0)
            throw new ContainmentBuildError(
                `building the containment function failed (npm run build:functions): ${(r.stdout + r.stderr).slice(0, 2000)}`,
            );
    }
    if (!fs.existsSync(entry))
        throw new ContainmentBuildError(`the containment function is not built (${entry} is missing); run npm run build:functions`);
    return built;
}
