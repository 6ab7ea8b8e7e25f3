import { strict as assert } from "assert";
import { RunResult, runPulumi } from "../support/harness";
import { PROGRAM } from "./composition";
import { stackConfig } from "./stackFiles";

describe("stacks/index.ts: bad config stops the program before any resource", () => {
    /** The program's error message under `config` (a whole stack config), or "built". */
    async function failure(config: Record<string, unknown>): Promise<RunResult<string>> {
        return runPulumi(
            async () => {
                try {
                    delete require.cache[require.resolve(PROGRAM)];
                    await import(PROGRAM);
                } catch (e) {
                    return (e as Error).message;
                }
                return "built";
            },
            { config },
        );
    }

    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        [
            "NET-7: an unknown NAT strategy",
            { "secure-baseline:natStrategy": "dual" },
            /^invalid stack config: secure-baseline:natStrategy "dual" is not allowed; use one of none, single, perAz$/,
        ],
        ["a misspelt key", { "secure-baseline:azcount": 3 }, /secure-baseline:azcount "3" is not a config key/],
        [
            "EKS-9: an unsupported Kubernetes version",
            { "secure-baseline:kubernetesVersion": "1.20" },
            /secure-baseline:kubernetesVersion "1\.20" is not allowed; use one of 1\.34, 1\.35, 1\.36/,
        ],
        [
            "EKS-1: a world-open endpoint CIDR",
            { "secure-baseline:publicAccessCidrs": ["0.0.0.0/0"] },
            /secure-baseline:publicAccessCidrs\[0\] "0\.0\.0\.0\/0" opens the API endpoint/,
        ],
        [
            "DET-1: an unknown GuardDuty feature",
            { "secure-baseline:guardDutyFeatures": ["EKS_AUDIT_LOGS", "FOO"] },
            /secure-baseline:guardDutyFeatures\[1\] "FOO" is not allowed; use one of S3_DATA_EVENTS/,
        ],
        [
            "CTR-1: a bad repository name",
            { "secure-baseline:repositories": ["Example/App"] },
            /secure-baseline:repositories\[0\] "Example\/App" is not a valid ECR name/,
        ],
        [
            "K8S-4: a quota Kubernetes would not parse",
            { "secure-baseline:teams": [{ name: "example", quota: { requestsCpu: "2 cores" } }] },
            /secure-baseline:teams\[0\]\.quota\.requestsCpu "2 cores" is not a Kubernetes quantity/,
        ],
        [
            "K8S-6: a registry allowlist entry that is not a host",
            { "secure-baseline:additionalRegistries": ["https://ghcr.io"] },
            /secure-baseline:additionalRegistries\[0\] "https:\/\/ghcr\.io" is not a registry host/,
        ],
    ];
    for (const [title, change, message] of cases) {
        it(`rejects ${title}, naming the key, and registers nothing`, async () => {
            const run = await failure({ ...stackConfig("dev"), ...change });
            assert.match(run.value, message);
            assert.equal(run.resources.length, 0);
        });
    }

    it("EKS-4: a stack without adminPrincipalArns is refused (no default admin)", async () => {
        const config = stackConfig("dev");
        delete config["secure-baseline:adminPrincipalArns"];
        const run = await failure(config);
        assert.match(run.value, /secure-baseline:adminPrincipalArns is required and has no default/);
        assert.equal(run.resources.length, 0);
    });
});
