/**
 * The README's "Using the pieces" example runs as written: its code and pack config are
 * the files of examples/pieces, its command passes the pack, and without the pack config
 * step the pack blocks it on the admin allowlist (so the step shown is the one it needs).
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { runCheck } from "../../tools/check/check";
import { POOLS } from "./fixtureChecks";
import { REAL_PACK, REPO, runCli } from "./support";

const README = readFileSync(path.join(REPO, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Using the pieces"), README.indexOf("## Configuration"));

function block(lang: string): string {
    const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(SECTION);
    assert.ok(m, `no ${lang} block in the README's "Using the pieces"`);
    return m[1];
}

describe("README: Using the pieces", function () {
    this.timeout(300_000);

    it("shows exactly examples/pieces/index.ts and its policy-pack.json", () => {
        assert.equal(block("ts"), readFileSync(path.join(REPO, "examples", "pieces", "index.ts"), "utf8"));
        assert.equal(block("json"), readFileSync(path.join(REPO, "examples", "pieces", "policy-pack.json"), "utf8"));
    });

    it("its command passes the pack (exit 0)", async () => {
        const command = block("sh").trim();
        assert.match(command, /^npm run check -- /);
        const run = await runCli(command.replace(/^npm run check -- /, "").split(/\s+/));
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /PASSED/);
    });

    it("without its pack config the pack blocks it on the cluster-admin allowlist", async () => {
        // The run the command makes without --pack-config (the CLI's own exit statuses are tested above and in verdicts.test.ts).
        const run = await runCheck({
            programDir: path.join(REPO, "examples", "pieces"),
            packDir: REAL_PACK,
            stack: "dev",
            timeoutSeconds: 180,
            ...POOLS,
        });
        assert.ok(run.report.summary.mandatory > 0);
        assert.ok(run.report.diagnostics.some((d) => d.policy === "eks-cluster-admin-allowlist" && d.enforcement === "mandatory"));
    });
});
