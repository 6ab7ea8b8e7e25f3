/**
 * The README's "Using the pieces" example runs as written: its code and pack config are
 * the files of examples/pieces, its command passes the pack, and without the pack config
 * step the pack blocks it on the admin allowlist (so the step shown is the one it needs).
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { REPO, runCli } from "./support";

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
        const run = await runCli(["--program", "examples/pieces", "--stack", "dev", "--format", "json"]);
        assert.equal(run.code, 1, run.stderr);
        const report = JSON.parse(run.stdout) as { diagnostics: { policy: string; enforcement: string }[] };
        assert.ok(report.diagnostics.some((d) => d.policy === "eks-cluster-admin-allowlist" && d.enforcement === "mandatory"));
    });
});
