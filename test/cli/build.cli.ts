/**
 * `npm run cli -- build`: the binaries are cached outside the clone and reused; the CLI is the
 * release package.json pins; a missing Go toolchain and a version the proxy does not serve give
 * clear messages (exit 2).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BuildError, moduleDir } from "../../tools/cli/build";
import { binaries } from "../../tools/cli/env";
import { GO_DIR, PULUMI_VERSION } from "../../tools/cli/versions";
import { REPO } from "./support";

const CLI = ["-r", "ts-node/register/transpile-only", path.join(REPO, "tools", "cli", "cli.ts")];

describe("npm run cli -- build", function () {
    it("reuses the cached binaries, outside the clone", () => {
        const r = spawnSync(process.execPath, [...CLI, "build"], { cwd: REPO, encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /pulumi v3\.\d+\.\d+: cached/);
        assert.match(r.stderr, /pulumi-resource-kubernetes v4\.0\.0-\S+: cached/);
        for (const f of Object.values(binaries())) {
            assert.ok(fs.existsSync(f), `${f} exists`);
            assert.ok(!f.startsWith(REPO), `${f} is outside the clone`);
        }
    });

    it("the CLI is the release package.json pins for @pulumi/pulumi", () => {
        const r = spawnSync(binaries().pulumi, ["version"], {
            encoding: "utf8",
            env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
        });
        assert.equal(r.stdout.trim(), `v${PULUMI_VERSION}`);
    });

    it("no Go on PATH: exit 2, says how to get it", () => {
        const r = spawnSync(process.execPath, [...CLI, "build"], {
            cwd: REPO,
            encoding: "utf8",
            env: { ...process.env, PATH: path.dirname(process.execPath) },
        });
        assert.equal(r.status, 2);
        assert.match(r.stderr, /the Go toolchain was not found on PATH: install Go/);
    });

    it("a version the module proxy does not serve is named", async () => {
        await assert.rejects(moduleDir("github.com/pulumi/pulumi/pkg/v3", "v3.270.0", path.join(GO_DIR, "pulumi")), (e: unknown) => {
            assert.ok(e instanceof BuildError);
            assert.match(e.message, /the Go module proxy does not serve github\.com\/pulumi\/pulumi\/pkg\/v3@v3\.270\.0/);
            return true;
        });
    });
});
