/**
 * The gate for real: every insecure Kubernetes fixture program through `pulumi preview
 * --policy-pack policy-pack` (the real CLI, engine and provider, the pack started the way the
 * CLI starts it), compared with the offline check in preview mode on the same program: policy,
 * resource URN and enforcement level must be equal, one for one.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    cli,
    DEV_PACK_CONFIG,
    differences,
    kubernetesFixtures,
    offlineCheck,
    PACK,
    parityKeys,
    program,
    tmpDir,
    unreachableCluster,
} from "./support";

describe("the gate for real: pulumi preview --policy-pack on insecure Kubernetes programs", function () {
    // A preview needs no cluster: the provider previews against an unreachable one.
    const cluster = { env: unreachableCluster };
    const fixtures = kubernetesFixtures();
    const rows: { name: string; differences: number; cliSeconds: number; checkSeconds: number }[] = [];
    const blocked: string[] = [];

    after(() => {
        if (rows.length === 0) return;
        const diff = rows.reduce((s, r) => s + r.differences, 0);
        const cliS = rows.reduce((s, r) => s + r.cliSeconds, 0);
        const checkS = rows.reduce((s, r) => s + r.checkSeconds, 0);
        process.stdout.write(
            `      parity: ${rows.length} programs, ${diff} differences (real preview ${cliS.toFixed(1)} s, offline check ${checkS.toFixed(1)} s in all)\n`,
        );
    });

    it("has at least 10 insecure Kubernetes programs", () => {
        assert.ok(fixtures.length >= 10, `only ${fixtures.length}: ${fixtures.join(", ")}`);
    });

    for (const name of fixtures) {
        it(`${name}: the real preview and the offline check give the same verdict and the same diagnostics`, async () => {
            const dir = program(name);
            // One after the other: the times are reported, and the machine's cores are shared.
            const real = await cli({
                programDir: dir,
                op: "preview",
                stateDir: tmpDir("state"),
                packs: [PACK],
                packConfigs: [DEV_PACK_CONFIG],
                env: cluster.env(),
            });
            const check = await offlineCheck(dir, DEV_PACK_CONFIG);
            const cliKeys = parityKeys(real.diagnostics);
            const checkKeys = parityKeys(check.diagnostics);
            const d = differences(cliKeys, checkKeys);
            rows.push({ name, differences: d.onlyCli.length + d.onlyCheck.length, cliSeconds: real.seconds, checkSeconds: check.seconds });
            assert.ok(check.code === 0 || check.code === 1, `the offline check ran on ${name}:\n${check.stderr}`);
            if (check.code === 1) {
                blocked.push(name);
                assert.ok(
                    cliKeys.some((k) => k.includes("  mandatory  ")),
                    `the real preview reports a mandatory violation in ${name}:\n${real.error ?? ""}`,
                );
                // 3.276 ends a preview blocked by policy with "preview failed" after the Policies section.
                assert.equal(real.ok, false, "the real preview fails on a mandatory violation");
                assert.match(real.error ?? "", /preview failed|policy violation/i);
            } else {
                // An advisory-only program (a finding the dev pack config makes advisory): both sides let it through.
                assert.equal(real.ok, true, `the real preview passes ${name} as the offline check does:\n${real.error ?? ""}`);
            }
            assert.deepEqual(
                d,
                { onlyCli: [], onlyCheck: [] },
                `${name}: the two sides differ\n  real CLI:\n    ${cliKeys.join("\n    ")}\n  offline check:\n    ${checkKeys.join("\n    ")}`,
            );
        });
    }

    it("at least 10 of the programs are blocked by the real preview (mandatory violations)", () => {
        assert.ok(blocked.length >= 10, `only ${blocked.length} blocked: ${blocked.join(", ")}`);
    });

    it("a pack config that does not match a policy's config schema is refused by the real CLI as by the check", async () => {
        const bad = path.join(tmpDir("bad-config"), "policy-pack.json");
        fs.writeFileSync(bad, JSON.stringify({ "k8s-rbac-no-cluster-admin-binding": { breakGlassGroups: "secure-baseline:break-glass" } }));
        const dir = program("k8s-cluster-admin-binding");
        const real = await cli({
            programDir: dir,
            op: "preview",
            stateDir: tmpDir("state"),
            packs: [PACK],
            packConfigs: [bad],
            env: cluster.env(),
        });
        const check = await offlineCheck(dir, bad);
        assert.equal(real.ok, false);
        assert.match(real.error ?? "", /k8s-rbac-no-cluster-admin-binding/);
        assert.match(real.error ?? "", /breakGlassGroups/);
        assert.deepEqual(real.diagnostics, [], "nothing is judged with a refused config");
        assert.equal(check.code, 2, check.stderr);
        assert.match(check.stderr, /policy "k8s-rbac-no-cluster-admin-binding", key "breakGlassGroups"/);
    });
});
