/**
 * Issue 20: the @pulumi/eks component inputs, judged by meaning (PACK-8). Equivalent
 * spellings of an insecure input are all blocked (the internet split into CIDR pieces, the
 * default node group reached through nodeGroupOptions or the singular inputs, admin access
 * policies in any partition or casing); compliant neighbours pass (the default node group
 * skipped in each of the package's three ways, a few admin /24s). Malformed values at every
 * judged input are in eksComponent-malformed.test.ts.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import type * as eks from "@pulumi/eks";
import { Unknown, asBoolean, readerFor } from "../../../policy-pack/lib";
import { defaultNodeGroup, defaultNodeGroupSetting } from "../../../policy-pack/policies/shared/eks-component";
import { splitArb } from "../../support/cidrSplit";
import { withField } from "../case";
import { CLUSTER_WITH_NODES, CLUSTER_WITH_NODE_OPTIONS, HARDENED_CLUSTER, MANAGED } from "./cases";
import { run, texts } from "./support";

const RUNS = 60;

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
});
