/**
 * Issue 20: the @pulumi/eks component inputs, judged by meaning (PACK-8) and never by a
 * throw (PACK-3). Equivalent spellings of an insecure input are all blocked (the
 * internet split into CIDR pieces, the default node group reached through
 * nodeGroupOptions or the singular inputs, admin access policies in any partition or
 * casing); compliant neighbours pass (the default node group skipped in each of the
 * package's three ways, a few admin /24s); malformed values at every judged input give a
 * violation naming that input.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import type * as eks from "@pulumi/eks";
import { Unknown, asBoolean, readerFor } from "../../../policy-pack/lib";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { defaultNodeGroup, defaultNodeGroupSetting } from "../../../policy-pack/policies/shared/eks-component";
import { splitArb } from "../../support/cidrSplit";
import { withField } from "../case";
import { Diagnostic, analyze, of } from "../runtime";
import { CLUSTER_WITH_NODES, CLUSTER_WITH_NODE_OPTIONS, HARDENED_CLUSTER, MANAGED, SELF_MANAGED } from "./cases";

const RUNS = 60;

function policy(name: string) {
    const p = ALL_POLICIES.find((x) => x.meta.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

async function run(
    name: string,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
): Promise<Diagnostic[]> {
    const p = policy(name);
    return of(await analyze([p], { type, name: "c", props }, { [name]: config }), name);
}
const texts = (ds: readonly Diagnostic[]) => ds.map((d) => d.message).join("\n");

describe("issue 20: @pulumi/eks component inputs judged by meaning", function () {
    this.timeout(300_000);

    it("readers are checked against @pulumi/eks's own arg types (a misspelt input does not compile)", () => {
        const read = readerFor<eks.ClusterArgs>();
        assert.equal(read({ nodeGroupOptions: { keyName: "k" } }, "nodeGroupOptions", "keyName"), "k");
        // @ts-expect-error: endpointPublicAcess is not an input of eks.ClusterArgs
        read({}, "endpointPublicAcess");
        // @ts-expect-error: ManagedNodeGroup has no nodeAssociatePublicIpAddress
        readerFor<eks.ManagedNodeGroupArgs>()({}, "nodeAssociatePublicIpAddress");
    });

    describe("the default node group, as the package decides it", () => {
        const skips: [string, unknown][] = [
            ["skipDefaultNodeGroup", true],
            ["skipDefaultNodeGroup", "true"],
            ["fargate", true],
            ["fargate", { selectors: [{ namespace: "default" }] }],
            ["autoMode", { enabled: true, createNodeRole: true }],
        ];
        const builds: [string, unknown][] = [
            ["skipDefaultNodeGroup", false],
            ["skipDefaultNodeGroup", undefined],
            ["fargate", false],
            ["autoMode", { enabled: false }],
        ];

        it("skipped in each of the package's three ways; built otherwise; unknown when an unknown decides it", () => {
            const base = { ...CLUSTER_WITH_NODES, skipDefaultNodeGroup: undefined };
            for (const [path, v] of skips)
                assert.equal(defaultNodeGroup(withField(base, path, v)).built, "no", `${path}=${JSON.stringify(v)}`);
            for (const [path, v] of builds)
                assert.equal(defaultNodeGroup(withField(base, path, v)).built, "yes", `${path}=${JSON.stringify(v)}`);
            const unknown = new Unknown("fargate");
            assert.deepEqual(defaultNodeGroup(withField(base, "fargate", unknown)), { built: "unknown", path: "fargate", value: unknown });
        });

        it("its settings come from nodeGroupOptions when present (singular inputs then ignored), else from the singular inputs", () => {
            assert.deepEqual(defaultNodeGroupSetting({ nodeAssociatePublicIpAddress: false }, "nodeAssociatePublicIpAddress"), {
                path: "nodeAssociatePublicIpAddress",
                value: false,
            });
            assert.deepEqual(
                defaultNodeGroupSetting({ nodeAssociatePublicIpAddress: false, nodeGroupOptions: {} }, "nodeAssociatePublicIpAddress"),
                { path: "nodeGroupOptions.nodeAssociatePublicIpAddress", value: undefined },
            );
            assert.deepEqual(defaultNodeGroupSetting({ nodeAmiId: "ami-1" }, "amiId"), { path: "nodeAmiId", value: "ami-1" });
            assert.deepEqual(defaultNodeGroupSetting({ keyName: "k" }, "keyName"), { path: "nodeGroupOptions.keyName", value: undefined });
        });

        it("public node IPs are blocked wherever they are written, and pass only when no default node group is built", async () => {
            const publicSpellings = fc.oneof(
                fc.constantFrom<unknown>(undefined, true, "true", "TRUE", " true"),
                fc.oneof(
                    fc.integer(),
                    fc.string({ maxLength: 5 }).filter((s) => asBoolean(s) === undefined),
                ),
            );
            await fc.assert(
                fc.asyncProperty(publicSpellings, fc.boolean(), async (v, viaOptions) => {
                    const props = viaOptions
                        ? withField(CLUSTER_WITH_NODE_OPTIONS, "nodeGroupOptions.nodeAssociatePublicIpAddress", v)
                        : withField(CLUSTER_WITH_NODES, "nodeAssociatePublicIpAddress", v);
                    const ds = await run("eks-nodes-no-public-ip", "eks:index:Cluster", props);
                    assert.match(
                        texts(ds),
                        viaOptions
                            ? /\[NET-1\] .*nodeGroupOptions\.nodeAssociatePublicIpAddress/
                            : /\[NET-1\] .*\(nodeAssociatePublicIpAddress /,
                    );
                    for (const [path, skip] of skips) {
                        assert.equal(
                            texts(await run("eks-nodes-no-public-ip", "eks:index:Cluster", withField(props, path, skip))),
                            "",
                            `${path}=${JSON.stringify(skip)}`,
                        );
                    }
                }),
                { numRuns: 30 },
            );
            // A singular false does not protect a default node group configured by nodeGroupOptions.
            const ignored = { ...CLUSTER_WITH_NODES, nodeGroupOptions: { nodeRootVolumeEncrypted: true } };
            assert.match(
                texts(await run("eks-nodes-no-public-ip", "eks:index:Cluster", ignored)),
                /nodeGroupOptions\.nodeAssociatePublicIpAddress unset, default true/,
            );
        });
    });

    describe("EKS-1 on the component: publicAccessCidrs as address sets", () => {
        const cluster = (cidrs: unknown) => ({ ...HARDENED_CLUSTER, endpointPublicAccess: true, publicAccessCidrs: cidrs });
        const eks1 = (props: Record<string, unknown>) => run("eks-cluster-endpoint-private", "eks:index:Cluster", props);

        it("the internet split into 2..64 pieces (IPv4 and IPv6) is blocked, with or without admin /24s beside it", async () => {
            await fc.assert(
                fc.asyncProperty(fc.oneof(splitArb("ipv4"), splitArb("ipv6")), fc.boolean(), async (pieces, withAdmins) => {
                    const list = withAdmins ? ["203.0.113.0/24", ...pieces] : pieces;
                    assert.match(texts(await eks1(cluster(list))), /\[EKS-1\] cluster "c" has a public API endpoint open to/);
                }),
                { numRuns: RUNS },
            );
        });

        it("up to four public /24s pass, private ranges do not count; the endpoint public by omission is judged the same", async () => {
            await fc.assert(
                fc.asyncProperty(
                    fc.uniqueArray(fc.tuple(fc.integer({ min: 11, max: 99 }), fc.nat(255), fc.nat(255)), {
                        minLength: 1,
                        maxLength: 4,
                        selector: (t) => t.join("."),
                    }),
                    async (nets) => {
                        const list = [...nets.map(([a, b, c]) => `${a}.${b}.${c}.0/24`), "10.0.0.0/8"];
                        assert.equal(texts(await eks1(cluster(list))), "");
                        assert.equal(texts(await eks1({ ...cluster(list), endpointPublicAccess: undefined })), "");
                    },
                ),
                { numRuns: RUNS },
            );
            assert.match(
                texts(await eks1({ ...cluster(undefined), endpointPublicAccess: undefined })),
                /open to 0\.0\.0\.0\/0 \(publicAccessCidrs unset\)/,
            );
        });
    });

    it("EKS-4: admin access policies in any partition and casing are cluster-admin; view policies and team namespaces are not", async () => {
        const entry = (policyArn: string, accessScope: unknown) => ({
            ...HARDENED_CLUSTER,
            accessEntries: { e: { principalArn: "arn:aws:iam::123456789012:role/dev", accessPolicies: { p: { policyArn, accessScope } } } },
        });
        const admin = fc
            .tuple(
                fc.constantFrom("aws", "aws-cn", "aws-us-gov"),
                fc.constantFrom("AmazonEKSClusterAdminPolicy", "amazoneksclusteradminpolicy", "AMAZONEKSCLUSTERADMINPOLICY"),
                fc.constantFrom("", " "),
            )
            .map(([partition, name, pad]) => `${pad}arn:${partition}:eks::aws:cluster-access-policy/${name}${pad}`);
        await fc.assert(
            fc.asyncProperty(
                admin,
                fc.constantFrom<unknown>({ type: "cluster" }, { type: "namespace", namespaces: ["team-a"] }),
                async (arn, scope) => {
                    assert.match(
                        texts(await run("eks-cluster-admin-allowlist", "eks:index:Cluster", entry(arn, scope))),
                        /\[EKS-4\] cluster "c" access entry "e" gives cluster-admin/,
                    );
                },
            ),
            { numRuns: 30 },
        );
        const systemScopes = fc.constantFrom(["kube-system"], ["KUBE-SYSTEM"], ["kube-*"], ["team-a", "kube-node-lease"], ["kube-public "]);
        await fc.assert(
            fc.asyncProperty(systemScopes, async (namespaces) => {
                const ds = await run(
                    "eks-cluster-admin-allowlist",
                    "eks:index:Cluster",
                    entry("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy", { type: "namespace", namespaces }),
                );
                assert.match(texts(ds), /AmazonEKSAdminPolicy over the system namespace/);
                assert.equal(
                    texts(
                        await run(
                            "eks-cluster-admin-allowlist",
                            "eks:index:Cluster",
                            entry("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", { type: "namespace", namespaces }),
                        ),
                    ),
                    "",
                );
            }),
        );
        assert.equal(
            texts(
                await run(
                    "eks-cluster-admin-allowlist",
                    "eks:index:Cluster",
                    entry("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy", {
                        type: "namespace",
                        namespaces: ["team-a", "team-b"],
                    }),
                ),
            ),
            "",
        );
    });

    it("a ManagedNodeGroup with its own launch template needs no enableIMDSv2 (the template is judged itself)", async () => {
        const mng = { ...MANAGED, enableIMDSv2: undefined, launchTemplate: { id: "lt-0123", version: "1" } };
        assert.equal(texts(await run("eks-node-group-launch-template", "eks:index:ManagedNodeGroup", mng)), "");
    });

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
