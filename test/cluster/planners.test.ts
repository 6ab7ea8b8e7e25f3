import { strict as assert } from "assert";
import fc from "fast-check";
import {
    ADDON_NAMES,
    ADDON_VERSIONS,
    SUPPORTED_VERSIONS,
    buildKubeconfig,
    defaultStorageClass,
    irsaTrustPolicy,
    launchTemplatePlan,
    planAccess,
    planSecurityGroupRules,
    teamGroupName,
    vpcCniConfiguration,
} from "../../components";
import { ACCESS_POLICIES, accessPolicyArn, entryKey } from "../../components/cluster/access";
import { ADMIN, EDITOR, VIEWER } from "./fixture";

/**
 * kubernetes-models is ESM-only (its exports have only an "import" condition); the CommonJS test build
 * would turn `import()` into `require()`, so the real dynamic import is reached through Function.
 */
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ StorageClass: ModelClass }>;
/** The part of a kubernetes-models class used here (its base types do not resolve under this tsconfig). */
type ModelClass = new (data: unknown) => { validate(): void; parameters?: Record<string, string> };

describe("SecureCluster pure planners", () => {
    describe("EKS-4 access plan", () => {
        it("EKS-4: team group names are stable, namespaced by team and role, and avoid EKS-reserved prefixes", () => {
            assert.equal(teamGroupName("payments", "view"), "team:payments:view");
            assert.equal(teamGroupName("payments", "edit"), "team:payments:edit");
            for (const reserved of ["system:", "eks:", "aws:", "amazon:", "iam:"])
                assert.ok(!teamGroupName("x", "view").startsWith(reserved));
        });

        it("EKS-4: one entry per principal, admin and team roles merged", () => {
            const plan = planAccess(
                [ADMIN],
                [
                    { name: "a", namespaces: ["a"], viewers: [ADMIN, VIEWER] },
                    { name: "b", namespaces: ["b2", "b1"], editors: [VIEWER] },
                ],
            );
            assert.deepEqual(
                plan.map((e) => e.principalArn),
                [ADMIN, VIEWER].sort(),
            );
            const admin = plan.find((e) => e.principalArn === ADMIN)!;
            assert.deepEqual(admin.associations, [
                { policy: "clusterAdmin", namespaces: [] },
                { policy: "view", namespaces: ["a"] },
            ]);
            const viewer = plan.find((e) => e.principalArn === VIEWER)!;
            assert.deepEqual(viewer.kubernetesGroups, ["team:a:view", "team:b:edit"]);
            // Viewing in a and editing in b are one view association over both teams' namespaces.
            assert.deepEqual(viewer.associations, [{ policy: "view", namespaces: ["a", "b1", "b2"] }]);
        });

        it("EKS-4/K8S-5/K8S-3: editors get AmazonEKSViewPolicy plus their edit group, never AmazonEKSEditPolicy", () => {
            const plan = planAccess([ADMIN], [{ name: "payments", namespaces: ["payments", "payments-jobs"], editors: [EDITOR] }]);
            const editor = plan.find((e) => e.principalArn === EDITOR)!;
            assert.deepEqual(editor.kubernetesGroups, [teamGroupName("payments", "edit")]);
            assert.deepEqual(editor.associations, [{ policy: "view", namespaces: ["payments", "payments-jobs"] }]);
            assert.equal(
                accessPolicyArn("aws", editor.associations[0].policy),
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            );
            // The policy table itself cannot name the Kubernetes edit/admin mirrors (Secrets, pods/exec, pod patching).
            const names: readonly string[] = Object.values(ACCESS_POLICIES);
            for (const broad of ["AmazonEKSEditPolicy", "AmazonEKSAdminPolicy"]) assert.ok(!names.includes(broad), broad);
        });

        it("EKS-4/K8S-5: break-glass principals get only the break-glass group and no access policy; merged with other roles", () => {
            const IR = "arn:aws:iam::123456789012:role/incident-response";
            const plan = planAccess([ADMIN], [{ name: "a", namespaces: ["a"], viewers: [VIEWER] }], {
                principalArns: [IR, VIEWER],
                group: "secure-baseline:break-glass",
            });
            const ir = plan.find((e) => e.principalArn === IR)!;
            assert.deepEqual(ir.kubernetesGroups, ["secure-baseline:break-glass"]);
            assert.deepEqual(ir.associations, [], "no access policy: cluster-admin only through the in-cluster binding");
            const viewer = plan.find((e) => e.principalArn === VIEWER)!;
            assert.deepEqual(viewer.kubernetesGroups, ["secure-baseline:break-glass", "team:a:view"]);
            assert.deepEqual(viewer.associations, [{ policy: "view", namespaces: ["a"] }]);
            assert.equal(plan.length, 3, "still one entry per principal");
            assert.deepEqual(planAccess([ADMIN], [], { principalArns: [], group: "g" }), planAccess([ADMIN]));
        });

        it("EKS-4: entry keys come from the ARN, so reordering principals renames nothing", () => {
            assert.match(entryKey(ADMIN), /^role-platform-admin-[0-9a-f]{6}$/);
            assert.match(entryKey(EDITOR), /^user-payments-lead-[0-9a-f]{6}$/);
            assert.notEqual(entryKey("arn:aws:iam::123456789012:role/a/x"), entryKey("arn:aws:iam::123456789012:role/b/x"));
            const forward = planAccess([ADMIN, EDITOR]).map((e) => e.key);
            const backward = planAccess([EDITOR, ADMIN]).map((e) => e.key);
            assert.deepEqual(forward, backward);
        });

        it("EKS-4: property: every principal gets exactly one entry, only admins get cluster scope, team members their groups and never the edit policy", () => {
            const arn = fc.constantFrom<string>(ADMIN, VIEWER, EDITOR, "arn:aws:iam::123456789012:role/ops");
            const team = fc.record({
                name: fc.constantFrom("a", "b", "c"),
                namespaces: fc.array(fc.constantFrom("n1", "n2", "n3"), { minLength: 1, maxLength: 3 }),
                viewers: fc.array(arn, { maxLength: 3 }),
                editors: fc.array(arn, { maxLength: 3 }),
            });
            fc.assert(
                fc.property(fc.array(arn, { minLength: 1, maxLength: 3 }), fc.array(team, { maxLength: 3 }), (admins, teams) => {
                    const plan = planAccess(admins, teams);
                    const principals = plan.map((e) => e.principalArn);
                    assert.equal(new Set(principals).size, principals.length);
                    for (const e of plan) {
                        // No association uses AmazonEKSEditPolicy; editors' write rights come from their group.
                        for (const a of e.associations)
                            assert.notEqual(accessPolicyArn("aws", a.policy), "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy");
                        for (const t of teams) {
                            if (t.editors.includes(e.principalArn)) assert.ok(e.kubernetesGroups.includes(teamGroupName(t.name, "edit")));
                            if (t.viewers.includes(e.principalArn)) assert.ok(e.kubernetesGroups.includes(teamGroupName(t.name, "view")));
                        }
                        const clusterScoped = e.associations.filter((a) => a.namespaces.length === 0);
                        assert.equal(clusterScoped.length > 0, admins.includes(e.principalArn));
                        assert.ok(clusterScoped.every((a) => a.policy === "clusterAdmin"));
                        assert.equal(
                            new Set(e.associations.map((a) => a.policy)).size,
                            e.associations.length,
                            "one association per policy",
                        );
                    }
                }),
            );
        });
    });

    it("EKS-6: launch-template plan: IMDSv2 required, hop limit 1 unless 2 is chosen, every volume gp3 and encrypted", () => {
        const al = launchTemplatePlan({ name: "x", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 1 });
        assert.equal(al.metadataOptions.httpTokens, "required");
        assert.equal(al.metadataOptions.httpPutResponseHopLimit, 1);
        assert.deepEqual(
            al.blockDevices.map((b) => b.deviceName),
            ["/dev/xvda"],
        );
        const br = launchTemplatePlan({
            name: "x",
            instanceTypes: ["m7g.large"],
            amiType: "BOTTLEROCKET_ARM_64",
            minSize: 1,
            desiredSize: 1,
            maxSize: 1,
            httpPutResponseHopLimit: 2,
        });
        assert.equal(br.metadataOptions.httpPutResponseHopLimit, 2);
        assert.ok(br.blockDevices.length === 2 && br.blockDevices.every((b) => b.ebs.encrypted === "true" && b.ebs.volumeType === "gp3"));
    });

    it("EKS-7: rule plan: no CIDR ingress at all; the only non-VPC CIDR is 443 egress with NAT", () => {
        for (const nat of [false, true]) {
            const rules = planSecurityGroupRules(nat);
            assert.ok(rules.filter((r) => r.direction === "ingress").every((r) => "group" in r.peer));
            const outside = rules.filter((r) => "cidr" in r.peer && r.peer.cidr === "any-ipv4");
            assert.deepEqual(
                outside.map((r) => [r.direction, r.protocol, r.fromPort]),
                nat ? [["egress", "tcp", 443]] : [],
            );
            assert.equal(new Set(rules.map((r) => `${r.group}-${r.key}`)).size, rules.length, "unique rule names");
        }
        const s3 = planSecurityGroupRules(false, true).filter((r) => "prefixList" in r.peer);
        assert.deepEqual(
            s3.map((r) => [r.group, r.direction, r.protocol, r.fromPort, r.toPort]),
            [["node", "egress", "tcp", 443, 443]],
        );
        assert.equal(planSecurityGroupRules(false).filter((r) => "prefixList" in r.peer).length, 0);
    });

    describe("EKS-8 add-ons", () => {
        it("EKS-8: pinned add-on builds exist only for supported versions, and pin every add-on with a build of that version", () => {
            const pinnedVersions = Object.keys(ADDON_VERSIONS);
            assert.ok(pinnedVersions.length > 0);
            for (const v of pinnedVersions) assert.ok((SUPPORTED_VERSIONS as readonly string[]).includes(v), `${v} is supported`);
            for (const v of SUPPORTED_VERSIONS) {
                const pins = ADDON_VERSIONS[v];
                if (pins === undefined) continue;
                for (const a of ADDON_NAMES) assert.match(pins[a], /^v\d+\.\d+\.\d+-eksbuild\.\d+$/, `${v} ${a}`);
                assert.ok(pins["kube-proxy"].startsWith(`v${v}.`), `kube-proxy matches ${v}`);
            }
        });
        it("EKS-8: the VPC CNI configuration turns network policy on", () => {
            assert.deepEqual(JSON.parse(vpcCniConfiguration()), { enableNetworkPolicy: "true" });
        });
        it("EKS-8: the default StorageClass is a valid storage.k8s.io/v1 object that encrypts with the given key", async () => {
            const { StorageClass } = await importEsm("kubernetes-models/storage.k8s.io/v1");
            const spec = defaultStorageClass("arn:aws:kms:us-east-1:123456789012:key/k");
            const sc = new StorageClass({
                ...spec,
                metadata: { ...spec.metadata, annotations: { ...spec.metadata.annotations } },
                parameters: { ...spec.parameters },
            });
            sc.validate();
            // The validator is real: a wrong type fails it.
            assert.throws(() => new StorageClass({ ...spec, metadata: { name: "x" }, parameters: {}, provisioner: 42 }).validate());
            assert.equal(sc.parameters?.kmsKeyId, "arn:aws:kms:us-east-1:123456789012:key/k");
            assert.equal(sc.parameters?.encrypted, "true");
        });
    });

    it("EKS-5: the IRSA trust builder scopes to one service account and the STS audience with StringEquals", () => {
        const doc = irsaTrustPolicy(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            {
                namespace: "team-a",
                name: "uploader",
            },
        );
        assert.equal(doc.Statement.length, 1);
        const s = doc.Statement[0];
        assert.equal(s.Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepEqual(s.Principal, { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" });
        assert.deepEqual(s.Condition, {
            StringEquals: {
                "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:team-a:uploader",
                "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            },
        });
    });

    it("kubeconfig: exec plugin with aws eks get-token, no static credentials; optional profile", () => {
        const kc = buildKubeconfig({
            clusterName: "dev",
            endpoint: "https://x.eks",
            certificateAuthorityData: "Q0E=",
            region: "eu-west-1",
        });
        const user = kc.users[0].user;
        assert.deepEqual(Object.keys(user), ["exec"]);
        assert.equal(user.exec.command, "aws");
        assert.deepEqual(user.exec.args, ["eks", "get-token", "--cluster-name", "dev", "--region", "eu-west-1", "--output", "json"]);
        assert.equal(user.exec.env, undefined);
        assert.equal(kc.clusters[0].cluster["certificate-authority-data"], "Q0E=");
        const withProfile = buildKubeconfig({
            clusterName: "dev",
            endpoint: "https://x.eks",
            certificateAuthorityData: "Q0E=",
            region: "eu-west-1",
            profile: "ops",
        });
        assert.deepEqual(withProfile.users[0].user.exec.env, [{ name: "AWS_PROFILE", value: "ops" }]);
    });
});
