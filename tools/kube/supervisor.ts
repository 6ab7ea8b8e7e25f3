/**
 * The background process of `npm run kube -- start`: brings a control plane up
 * (applying a stack's objects when --stack is given), writes ready.json, and
 * stops it all on SIGTERM/SIGINT. If this process is killed outright, the
 * harness's watchdog stops the control plane.
 */
import * as fs from "fs";
import * as path from "path";
import { applyObjects } from "./apply";
import { baselineIdentities, stackObjects } from "./baseline";
import { start } from "./harness";
import { runDir } from "./runState";

async function main(): Promise<void> {
    const i = process.argv.indexOf("--stack");
    const stack = i >= 0 ? process.argv[i + 1] : undefined;
    const dir = runDir();
    const log = (l: string) => process.stdout.write(`${l}\n`);
    const objects = stack ? stackObjects(stack) : [];
    const cp = await start({
        dir: path.join(dir, "cluster"),
        keep: true,
        identities: stack ? baselineIdentities(objects) : [{ name: "outsider", groups: [] }],
        log,
    });
    const shutdown = async () => {
        fs.rmSync(path.join(dir, "ready.json"), { force: true });
        await cp.stop();
        process.exit(0);
    };
    for (const s of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(s, () => void shutdown());
    if (stack) {
        const failures = await applyObjects(cp.kubeconfigs.admin, objects);
        for (const f of failures) log(`kube: ${f.object.object.kind} ${f.object.object.metadata.name} refused (${f.status}): ${f.message}`);
        log(`kube: applied ${objects.length - failures.length} of ${objects.length} objects of stack ${stack}`);
    }
    fs.writeFileSync(
        path.join(dir, "ready.json"),
        JSON.stringify(
            {
                supervisor: process.pid,
                server: cp.server,
                kubeconfig: cp.kubeconfig,
                kubeconfigs: cp.kubeconfigs,
                stack: stack ?? null,
                startMs: cp.startMs,
            },
            null,
            2,
        ),
    );
    setInterval(() => undefined, 1 << 30);
}

main().catch((err: unknown) => {
    process.stdout.write(`kube: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
});
