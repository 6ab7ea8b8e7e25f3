/**
 * Issue 20: the @pulumi/eks component inputs never make a policy throw (PACK-3): malformed
 * values at every judged input give a violation naming that input (or an unknown note
 * naming it).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { asBoolean } from "../../../policy-pack/lib";
import { withField } from "../case";
import { CLUSTER_WITH_NODES, HARDENED_CLUSTER, MANAGED, SELF_MANAGED } from "./cases";
import { run, texts } from "./support";

describe("issue 20: @pulumi/eks component inputs judged by meaning", function () {
    this.timeout(300_000);

    /** Malformed values at each judged input: a violation naming it (or an unknown note naming it), never a throw. */
    describe("PACK-3: malformed values at every judged input name the input, never throw", () => {
        const malformed = fc.oneof(
            fc.constant(null),
            fc.integer(),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.string({ maxLength: 8 }),
            fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
            fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
            fc.constantFrom<unknown>("__proto__", "constructor", "[]", "{}", " ", "yes", "no", "TRUE!"),
        );
        const isTrue = (v: unknown) => asBoolean(v as never) === true;
        const isFalse = (v: unknown) => asBoolean(v as never) === false;
        const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
        const rows: { policy: string; type: string; props: Record<string, unknown>; path: string; accepted: (v: unknown) => boolean }[] = [
            {
                policy: "eks-cluster-endpoint-private",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "endpointPrivateAccess",
                accepted: isTrue,
            },
            {
                policy: "eks-cluster-endpoint-private",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "endpointPublicAccess",
                accepted: isFalse,
            },
            {
                policy: "eks-cluster-endpoint-private",
                type: "eks:index:Cluster",
                props: { ...HARDENED_CLUSTER, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
                path: "publicAccessCidrs",
                accepted: (v) =>
                    Array.isArray(v) &&
                    v.length > 0 &&
                    v.every((c) => typeof c === "string" && /^(?:[1-9]\d?|1\d\d|2[0-4]\d)\.\d+\.\d+\.\d+\/(?:2[2-9]|3[0-2])$/.test(c)),
            },
            {
                policy: "eks-cluster-secrets-encrypted",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "encryptionConfigKeyArn",
                accepted: (v) => typeof v === "string" && v.trim() !== "",
            },
            {
                policy: "eks-cluster-control-plane-logging",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "enabledClusterLogTypes",
                accepted: () => false,
            },
            {
                policy: "eks-cluster-access-entries",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "authenticationMode",
                accepted: (v) => v === "API",
            },
            {
                policy: "eks-nodes-no-public-ip",
                type: "eks:index:Cluster",
                props: CLUSTER_WITH_NODES,
                path: "nodeAssociatePublicIpAddress",
                accepted: isFalse,
            },
            {
                policy: "eks-nodes-no-public-ip",
                type: "eks:index:NodeGroupV2",
                props: SELF_MANAGED,
                path: "nodeAssociatePublicIpAddress",
                accepted: isFalse,
            },
            {
                policy: "eks-node-root-volume-encrypted",
                type: "eks:index:Cluster",
                props: CLUSTER_WITH_NODES,
                path: "nodeRootVolumeEncrypted",
                accepted: isTrue,
            },
            {
                policy: "eks-node-root-volume-encrypted",
                type: "eks:index:NodeGroupV2",
                props: SELF_MANAGED,
                path: "nodeRootVolumeEncrypted",
                accepted: isTrue,
            },
            {
                policy: "eks-node-group-no-remote-access",
                type: "eks:index:Cluster",
                props: CLUSTER_WITH_NODES,
                path: "nodePublicKey",
                accepted: blank,
            },
            {
                policy: "eks-node-group-no-remote-access",
                type: "eks:index:NodeGroupV2",
                props: SELF_MANAGED,
                path: "keyName",
                accepted: blank,
            },
            {
                policy: "eks-node-group-no-remote-access",
                type: "eks:index:ManagedNodeGroup",
                props: MANAGED,
                path: "remoteAccess",
                accepted: (v) =>
                    v === null ||
                    (typeof v === "object" &&
                        !Array.isArray(v) &&
                        Object.keys(v as object).every((k) => !["ec2SshKey", "sourceSecurityGroupIds"].includes(k))),
            },
            {
                policy: "eks-node-group-ami-type",
                type: "eks:index:ManagedNodeGroup",
                props: MANAGED,
                path: "operatingSystem",
                accepted: (v) => v === "AL2023" || v === "Bottlerocket",
            },
            {
                policy: "eks-node-group-ami-type",
                type: "eks:index:NodeGroupV2",
                props: SELF_MANAGED,
                path: "operatingSystem",
                accepted: (v) => blank(v) || v === "AL2023" || v === "Bottlerocket",
            },
            {
                policy: "eks-node-group-launch-template",
                type: "eks:index:ManagedNodeGroup",
                props: MANAGED,
                path: "enableIMDSv2",
                accepted: isTrue,
            },
            {
                policy: "eks-cluster-upgrade-policy-standard",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "upgradePolicy",
                accepted: () => false,
            },
            {
                policy: "eks-cluster-admin-allowlist",
                type: "eks:index:Cluster",
                props: {
                    ...HARDENED_CLUSTER,
                    accessEntries: {
                        e: {
                            principalArn: "arn:aws:iam::123456789012:role/dev",
                            accessPolicies: {
                                p: {
                                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
                                    accessScope: { type: "namespace", namespaces: ["team-a"] },
                                },
                            },
                        },
                    },
                },
                path: "accessEntries.e.accessPolicies.p.accessScope",
                accepted: (v) => typeof v === "object" && v !== null && !Array.isArray(v) && (v as { type?: unknown }).type === "namespace",
            },
            {
                policy: "eks-cluster-admin-allowlist",
                type: "eks:index:Cluster",
                props: {
                    ...HARDENED_CLUSTER,
                    accessEntries: {
                        e: {
                            principalArn: "arn:aws:iam::123456789012:role/dev",
                            accessPolicies: { p: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy" } },
                        },
                    },
                },
                path: "accessEntries.e.accessPolicies.p.policyArn",
                accepted: (v) => typeof v === "string",
            },
            {
                policy: "eks-cluster-admin-allowlist",
                type: "eks:index:Cluster",
                props: HARDENED_CLUSTER,
                path: "accessEntries",
                accepted: (v) => v === null || (typeof v === "object" && !Array.isArray(v)),
            },
        ];
        for (const row of rows) {
            it(`${row.policy} (${row.type}): ${row.path}`, async () => {
                assert.equal(texts(await run(row.policy, row.type, row.props)), "", "the compliant neighbour passes");
                await fc.assert(
                    fc.asyncProperty(malformed, async (v) => {
                        const ds = await run(row.policy, row.type, withField(row.props, row.path, v));
                        for (const d of ds) assert.doesNotMatch(d.message, /internal error|could not evaluate/, d.message);
                        if (row.accepted(v)) return;
                        // The message names the input (its last segment at least, as written in the program).
                        const name = row.path.split(".").pop() ?? row.path;
                        assert.ok(
                            ds.length > 0 && ds.some((d) => d.message.includes(name)),
                            `${row.path}=${JSON.stringify(v)}: ${texts(ds)}`,
                        );
                    }),
                    { numRuns: 40 },
                );
            });
        }
    });
});
