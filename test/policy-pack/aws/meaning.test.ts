/**
 * PACK-8 for the AWS families of issue 12: generated spellings of the same insecure thing
 * are all blocked, and generated compliant neighbours all pass.
 */
import { strict as assert } from "assert";
import { gzipSync } from "zlib";
import fc from "fast-check";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { ec2InstanceEncryptedVolumes } from "../../../policy-pack/policies/cloud/ec2-instance-encrypted-volumes";
import { ec2InstanceImdsv2 } from "../../../policy-pack/policies/cloud/ec2-instance-imdsv2";
import { ec2InstanceNoPublicIp } from "../../../policy-pack/policies/cloud/ec2-instance-no-public-ip";
import { ec2UserDataNoSecrets } from "../../../policy-pack/policies/cloud/ec2-user-data-no-secrets";
import { guarddutyFilterNoArchiveHigh } from "../../../policy-pack/policies/cloud/guardduty-filter-no-archive-high";
import { kmsGrantTrustedPrincipal } from "../../../policy-pack/policies/cloud/kms-grant-trusted-principal";
import { resourcePolicyNotPublic } from "../../../policy-pack/policies/cloud/resource-policy-not-public";
import { iamUserNoAttachedPolicies } from "../../../policy-pack/policies/cloud/iam-user-no-attached-policies";
import { ecrPolicyRestricted } from "../../../policy-pack/policies/container/ecr-policy-restricted";
import { ec2ImageSnapshotNotShared } from "../../../policy-pack/policies/cloud/ec2-image-snapshot-not-shared";
import { elbClassicListenerTls } from "../../../policy-pack/policies/code/elb-classic-listener-tls";
import { elbListenerRuleTls } from "../../../policy-pack/policies/code/elb-listener-rule-tls";
import { snsSubscriptionHttps } from "../../../policy-pack/policies/code/sns-subscription-https";
import { assertPass, run, runStack } from "../detection/support";
import { Diagnostic, TestResource } from "../runtime";
import { ACCOUNT, INSTANCE, KEY_ARN, LAUNCH_CONFIGURATION, OTHER_ACCOUNT, doc } from "./families/fixtures";

const show = (ds: readonly Diagnostic[]): string => ds.map((d) => d.message).join(" | ");
const blocked = (ds: readonly Diagnostic[], re: RegExp): void =>
    assert.ok(
        ds.some((d) => re.test(d.message)),
        show(ds),
    );
const launchType = fc.constantFrom(
    { type: "aws:ec2/instance:Instance", props: INSTANCE as Record<string, unknown> },
    { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", props: INSTANCE as Record<string, unknown> },
    { type: "aws:ec2/launchConfiguration:LaunchConfiguration", props: LAUNCH_CONFIGURATION as Record<string, unknown> },
);
async function check(
    policy: SecurePolicy,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
): Promise<Diagnostic[]> {
    return run(policy, { type, name: "r", props }, { [policy.meta.name]: config });
}

describe("issue 12 AWS families: equivalent spellings are blocked, neighbours pass (property)", () => {
    it("EKS-6 IMDS: optional tokens or a hop limit above 1, in any spelling, on any launch shape", async () => {
        const badTokens = fc.constantFrom<unknown>("optional", undefined, "Required", "", null);
        const hop = fc.oneof(
            fc.integer({ min: 2, max: 64 }),
            fc.integer({ min: 2, max: 64 }).map(String),
            fc.constantFrom<unknown>(0, -1, "x", 1.5e9),
        );
        await fc.assert(
            fc.asyncProperty(launchType, badTokens, hop, fc.constantFrom<unknown>("enabled", undefined), async (l, tokens, h, endpoint) => {
                const ds = await check(ec2InstanceImdsv2, l.type, {
                    ...l.props,
                    metadataOptions: { httpEndpoint: endpoint, httpTokens: tokens, httpPutResponseHopLimit: 1 },
                });
                blocked(ds, /does not require IMDSv2/);
                const ds2 = await check(ec2InstanceImdsv2, l.type, {
                    ...l.props,
                    metadataOptions: { httpEndpoint: endpoint, httpTokens: "required", httpPutResponseHopLimit: h },
                });
                blocked(ds2, /httpPutResponseHopLimit/);
                assertPass(
                    await check(ec2InstanceImdsv2, l.type, {
                        ...l.props,
                        metadataOptions: {
                            httpEndpoint: endpoint,
                            httpTokens: "required",
                            httpPutResponseHopLimit: fc.sample(fc.constantFrom(1, "1", undefined), 1)[0],
                        },
                    }),
                );
                assertPass(
                    await check(ec2InstanceImdsv2, l.type, {
                        ...l.props,
                        metadataOptions: { httpEndpoint: "disabled", httpTokens: tokens },
                    }),
                );
            }),
            { numRuns: 60 },
        );
    });
    it("NET-1 public addresses: associatePublicIpAddress true as boolean or string; Elastic IPs on any instance or interface", async () => {
        await fc.assert(
            fc.asyncProperty(
                launchType,
                fc.constantFrom<unknown>(true, "true", "TRUE", " true "),
                fc.constantFrom<unknown>(false, "false", undefined, null),
                async (l, yes, no) => {
                    blocked(
                        await check(ec2InstanceNoPublicIp, l.type, { ...l.props, associatePublicIpAddress: yes }),
                        /gets a public IP address/,
                    );
                    assertPass(await check(ec2InstanceNoPublicIp, l.type, { ...l.props, associatePublicIpAddress: no }));
                },
            ),
            { numRuns: 40 },
        );
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(
                    ["aws:ec2/eip:Eip", "instance"],
                    ["aws:ec2/eip:Eip", "networkInterface"],
                    ["aws:ec2/eipAssociation:EipAssociation", "instanceId"],
                    ["aws:ec2/eipAssociation:EipAssociation", "networkInterfaceId"],
                ),
                fc.stringMatching(/^(i|eni)-[0-9a-f]{8,17}$/),
                async ([type, path], id) => {
                    blocked(await check(ec2InstanceNoPublicIp, type, { [path]: id, allocationId: "eipalloc-1" }), /gives a public address/);
                    assertPass(await check(ec2InstanceNoPublicIp, type, { domain: "vpc", allocationId: "eipalloc-1" }));
                },
            ),
            { numRuns: 40 },
        );
    });
    it('DATA-1 volumes: any one of 1 to 8 data volumes unencrypted (false, "false", unset, junk) is blocked', async () => {
        const bad = fc.constantFrom<unknown>(false, "false", undefined, 0, "no", null);
        await fc.assert(
            fc.asyncProperty(launchType, fc.integer({ min: 1, max: 8 }), fc.nat(), bad, async (l, n, pick, value) => {
                const volumes = Array.from({ length: n }, (_, i) => ({
                    deviceName: `/dev/sd${"fghijklm"[i]}`,
                    encrypted: fc.sample(fc.constantFrom<unknown>(true, "true"), 1)[0],
                    ...(l.type.includes("launchConfiguration") ? {} : { kmsKeyId: KEY_ARN }),
                }));
                assertPass(await check(ec2InstanceEncryptedVolumes, l.type, { ...l.props, ebsBlockDevices: volumes }));
                volumes[pick % n] = { ...volumes[pick % n], encrypted: value };
                blocked(
                    await check(ec2InstanceEncryptedVolumes, l.type, { ...l.props, ebsBlockDevices: volumes }),
                    new RegExp(`ebsBlockDevices\\.${pick % n}\\.encrypted`),
                );
            }),
            { numRuns: 60 },
        );
    });
    it("DATA-4 user data: a credential in any wrapping (shell, YAML, JSON, INI, CRLF, base64, gzip+base64) is found; references pass", async () => {
        const secret = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9+/]{11,29}$/).filter((s) => !/^(true|false|null|none)/i.test(s));
        const name = fc.constantFrom(
            "DB_PASSWORD",
            "password",
            "Api_Key",
            "client-secret",
            "GITHUB_TOKEN",
            "aws_secret_access_key",
            "db.passwd",
        );
        const line = fc.tuple(name, secret, fc.constantFrom("sh", "export", "yaml", "json", "ini", "quoted")).map(([n, s, style]) => {
            if (style === "export") return `export ${n}="${s}"`;
            if (style === "yaml") return `  ${n}: ${s}`;
            if (style === "json") return `{"${n}": "${s}"}`;
            if (style === "ini") return `${n} = ${s}`;
            if (style === "quoted") return `${n}='${s}'`;
            return `${n}=${s}`;
        });
        const wrap = fc.constantFrom("plain", "crlf", "base64", "gzip");
        const encode = (text: string, how: string): string =>
            how === "crlf"
                ? text.replace(/\n/g, "\r\n")
                : how === "base64"
                  ? Buffer.from(text).toString("base64")
                  : how === "gzip"
                    ? gzipSync(Buffer.from(text)).toString("base64")
                    : text;
        await fc.assert(
            fc.asyncProperty(
                line,
                wrap,
                fc.constantFrom("aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"),
                async (l, how, type) => {
                    const ds = await check(ec2UserDataNoSecrets, type, { userData: encode(`#!/bin/bash\nset -e\n${l}\necho ok\n`, how) });
                    blocked(ds, /in its userData/);
                },
            ),
            { numRuns: 150 },
        );
        const reference = fc
            .tuple(
                name,
                fc.constantFrom(
                    "$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)",
                    "${DB_PASSWORD}",
                    "/run/secrets/db",
                    "{{resolve:secretsmanager:db}}",
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
                ),
            )
            .map(([n, v]) => `${n}=${v}`);
        await fc.assert(
            fc.asyncProperty(reference, wrap, async (l, how) => {
                assertPass(
                    await check(ec2UserDataNoSecrets, "aws:ec2/instance:Instance", { userData: encode(`#!/bin/bash\n${l}\n`, how) }),
                );
            }),
            { numRuns: 80 },
        );
        const keyId = fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`);
        await fc.assert(
            fc.asyncProperty(keyId, wrap, async (k, how) =>
                blocked(
                    await check(ec2UserDataNoSecrets, "aws:ec2/instance:Instance", {
                        userData: encode(`aws configure set aws_access_key_id ${k}\n`, how),
                    }),
                    /access key ID/,
                ),
            ),
            { numRuns: 40 },
        );
    });
    const anyone = fc.constantFrom<unknown>(
        "*",
        { AWS: "*" },
        { AWS: ["*"] },
        { AWS: [`arn:aws:iam::${ACCOUNT}:root`, "*"] },
        { AWS: "arn:aws:iam::*:root" },
        { AWS: " * " },
        { AWS: "arn:aws:iam::*:role/x" },
    );
    const notPinned = fc.constantFrom<Record<string, unknown> | undefined>(
        undefined,
        { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:t" } },
        { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123def4" } },
        { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123def4" } },
        { StringLike: { "aws:PrincipalAccount": "*" } },
        { StringEquals: { "sts:ExternalId": "x" } },
    );
    const pinned = fc.constantFrom<Record<string, unknown>>(
        { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } },
        { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
        { "ForAnyValue:StringEquals": { "aws:PrincipalAccount": [ACCOUNT] } },
    );
    const resourceTypes = fc.constantFrom(
        ["aws:sns/topic:Topic", "policy"],
        ["aws:sqs/queuePolicy:QueuePolicy", "policy"],
        ["aws:secretsmanager/secretPolicy:SecretPolicy", "policy"],
        ["aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "policyDocument"],
    );
    it("IAM-1 resource policies: anyone in every spelling is blocked unless the caller is pinned; Statement as object or list", async () => {
        await fc.assert(
            fc.asyncProperty(resourceTypes, anyone, notPinned, pinned, fc.boolean(), async ([type, path], Principal, bad, good, single) => {
                const stmt = (Condition?: Record<string, unknown>) => ({
                    Effect: fc.sample(fc.constantFrom("Allow", "allow", " Allow"), 1)[0],
                    Principal,
                    Action: "*",
                    Resource: "*",
                    ...(Condition ? { Condition } : {}),
                });
                const body = (s: unknown) => (single ? JSON.stringify({ Statement: s }) : doc(s));
                blocked(await check(resourcePolicyNotPublic, type, { [path]: body(stmt(bad)) }), /allows anyone/);
                assertPass(await check(resourcePolicyNotPublic, type, { [path]: body(stmt(good)) }));
                blocked(
                    await check(resourcePolicyNotPublic, type, {
                        [path]: body({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "*" }),
                    }),
                    /allows anyone/,
                );
            }),
            { numRuns: 80 },
        );
    });
    it("CTR-1 ECR: push to another account in any action spelling is blocked; pull to it, and push to our own, pass", async () => {
        const push = fc.constantFrom<unknown>(
            "ecr:*",
            "ecr:Put*",
            "ECR:PutImage",
            ["ecr:BatchGetImage", "ecr:*Layer*"],
            "*",
            "ecr:?utImage",
            ["ecr:CompleteLayerUpload"],
        );
        const pull = fc.constantFrom<unknown>(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "ecr:BatchGet*", "ecr:Describe*");
        const principal = (account: string) =>
            fc.sample(
                fc.constantFrom<unknown>(
                    { AWS: account },
                    { AWS: `arn:aws:iam::${account}:root` },
                    { AWS: [`arn:aws:iam::${account}:role/ci`] },
                ),
                1,
            )[0];
        const config = { trustedAccountIds: [ACCOUNT] };
        await fc.assert(
            fc.asyncProperty(
                push,
                pull,
                fc.constantFrom("aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:ecr/registryPolicy:RegistryPolicy"),
                async (Action, PullAction, type) => {
                    blocked(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(OTHER_ACCOUNT), Action }) },
                            config,
                        ),
                        new RegExp(`lets ${OTHER_ACCOUNT} push`),
                    );
                    blocked(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(OTHER_ACCOUNT), NotAction: PullAction }) },
                            config,
                        ),
                        /push or delete/,
                    );
                    assertPass(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(OTHER_ACCOUNT), Action: PullAction }) },
                            config,
                        ),
                    );
                    assertPass(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(ACCOUNT), Action }) },
                            config,
                        ),
                    );
                },
            ),
            { numRuns: 60 },
        );
    });
    it("DET-1 GuardDuty: an ARCHIVE filter is blocked exactly when some severity of 7 or more passes its criteria", async () => {
        const bound = fc.integer({ min: 0, max: 100 }).map((n) => n / 10);
        const criterion = fc.record(
            {
                greaterThan: bound,
                greaterThanOrEqual: bound,
                lessThan: bound,
                lessThanOrEqual: bound,
                equals: fc.array(bound, { minLength: 1, maxLength: 3 }),
            },
            { requiredKeys: [] },
        );
        await fc.assert(
            fc.asyncProperty(fc.array(criterion, { minLength: 1, maxLength: 3 }), fc.boolean(), async (crits, asString) => {
                // Oracle: severities on a 0.1 grid from 0 to 10 that satisfy every criterion.
                const admits = (v: number) =>
                    crits.every(
                        (c) =>
                            (c.greaterThan === undefined || v > c.greaterThan) &&
                            (c.greaterThanOrEqual === undefined || v >= c.greaterThanOrEqual) &&
                            (c.lessThan === undefined || v < c.lessThan) &&
                            (c.lessThanOrEqual === undefined || v <= c.lessThanOrEqual) &&
                            (c.equals === undefined || c.equals.includes(v)),
                    );
                const high = Array.from({ length: 31 }, (_, i) => 7 + i / 10).some(admits);
                const spelt = crits.map((c) => ({
                    field: fc.sample(fc.constantFrom("severity", "Severity"), 1)[0],
                    ...Object.fromEntries(
                        Object.entries(c).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : asString ? String(v) : String(v)]),
                    ),
                }));
                const ds = await check(guarddutyFilterNoArchiveHigh, "aws:guardduty/filter:Filter", {
                    detectorId: "d",
                    action: "ARCHIVE",
                    findingCriteria: { criterions: [{ field: "type", equals: ["x"] }, ...spelt] },
                });
                if (high) blocked(ds, /can archive high and critical findings/);
                else assertPass(ds);
            }),
            { numRuns: 300 },
        );
    });
    it("KMS-1 grants: a principal of another account in any ARN form is blocked; the key's own account and trusted ones pass", async () => {
        const form = fc.constantFrom(
            (a: string) => `arn:aws:iam::${a}:root`,
            (a: string) => `arn:aws:iam::${a}:role/app`,
            (a: string) => `arn:aws:sts::${a}:assumed-role/app/s`,
            (a: string) => `arn:aws-us-gov:iam::${a}:user/u`,
        );
        await fc.assert(
            fc.asyncProperty(form, fc.constantFrom("granteePrincipal", "retiringPrincipal"), async (f, path) => {
                const props = { keyId: KEY_ARN, granteePrincipal: f(ACCOUNT), operations: ["Decrypt"] };
                blocked(
                    await check(kmsGrantTrustedPrincipal, "aws:kms/grant:Grant", { ...props, [path]: f(OTHER_ACCOUNT) }),
                    new RegExp(`gives the key to account ${OTHER_ACCOUNT}`),
                );
                assertPass(await check(kmsGrantTrustedPrincipal, "aws:kms/grant:Grant", props));
                assertPass(
                    await check(
                        kmsGrantTrustedPrincipal,
                        "aws:kms/grant:Grant",
                        { ...props, keyId: "alias/app", [path]: f(OTHER_ACCOUNT) },
                        { trustedAccountIds: [OTHER_ACCOUNT, ACCOUNT] },
                    ),
                );
            }),
            { numRuns: 40 },
        );
    });
    it("KMS-1 grants: with no key ARN and no trustedAccountIds the grant gets an advisory note, never a silent pass", async () => {
        const ds = await check(kmsGrantTrustedPrincipal, "aws:kms/grant:Grant", {
            keyId: "alias/app",
            granteePrincipal: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        });
        assert.equal(ds.length, 1, show(ds));
        assert.equal(ds[0].enforcementLevel, "advisory");
        assert.match(ds[0].message, /\[note\].*cannot be judged.*trustedAccountIds/);
    });
    it("IAM-1 user attachments: every attachment form reaching a user outside allowedUsers is reported", async () => {
        const forms: [string, Record<string, unknown>][] = [
            ["aws:iam/userPolicy:UserPolicy", { user: "bob", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }],
            ["aws:iam/userPolicyAttachment:UserPolicyAttachment", { user: "bob", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
            [
                "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
                { userName: "bob", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
            ],
            ["aws:iam/userPoliciesExclusive:UserPoliciesExclusive", { userName: "bob", policyNames: ["p"] }],
            ["aws:iam/policyAttachment:PolicyAttachment", { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", users: ["alice", "bob"] }],
        ];
        for (const [type, props] of forms) {
            blocked(await check(iamUserNoAttachedPolicies, type, props), /IAM user/);
            const allowed = await check(iamUserNoAttachedPolicies, type, props, { allowedUsers: ["bob", "alice"] });
            assertPass(allowed);
        }
    });
});

describe("issue 12 AWS families: more spellings (property)", () => {
    it("IAM-1 images and snapshots: public in any group spelling, other accounts blocked; own and trusted accounts pass", async () => {
        const config = { trustedAccountIds: [ACCOUNT] };
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("all", "ALL", " all"),
                fc.constantFrom(
                    "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
                    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission",
                ),
                async (group, type) => {
                    if (type.includes("ami"))
                        blocked(await check(ec2ImageSnapshotNotShared, type, { imageId: "ami-1", group }, config), /makes an AMI public/);
                    blocked(
                        await check(
                            ec2ImageSnapshotNotShared,
                            type,
                            { imageId: "ami-1", snapshotId: "snap-1", accountId: OTHER_ACCOUNT },
                            config,
                        ),
                        /outside trustedAccountIds/,
                    );
                    assertPass(
                        await check(
                            ec2ImageSnapshotNotShared,
                            type,
                            { imageId: "ami-1", snapshotId: "snap-1", accountId: ACCOUNT },
                            config,
                        ),
                    );
                    assertPass(
                        await check(
                            ec2ImageSnapshotNotShared,
                            "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
                            { imageId: "ami-1", organizationArn: "arn:aws:organizations::123456789012:organization/o-abc123def4" },
                            config,
                        ),
                    );
                },
            ),
            { numRuns: 12 },
        );
    });
    it("CODE-1 classic listeners and subscriptions: plain protocols in any case are blocked, TLS ones pass", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("http", "HTTP", "Http", "tcp", "TCP"),
                fc.constantFrom("https", "HTTPS", "ssl", "SSL"),
                fc.integer({ min: 1, max: 4 }),
                fc.nat(),
                async (plain, tls, n, pick) => {
                    const listeners: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({
                        lbPort: 443 + i,
                        lbProtocol: tls,
                        instancePort: 8443,
                        instanceProtocol: "https",
                    }));
                    assertPass(await check(elbClassicListenerTls, "aws:elb/loadBalancer:LoadBalancer", { listeners }));
                    listeners[pick % n] = { ...listeners[pick % n], lbProtocol: plain };
                    blocked(
                        await check(elbClassicListenerTls, "aws:elb/loadBalancer:LoadBalancer", { listeners }),
                        new RegExp(`listeners\\.${pick % n} without TLS`),
                    );
                    if (/http/i.test(plain))
                        blocked(
                            await check(snsSubscriptionHttps, "aws:sns/topicSubscription:TopicSubscription", {
                                topic: "t",
                                protocol: plain,
                                endpoint: "http://x",
                            }),
                            /plain HTTP/,
                        );
                },
            ),
            { numRuns: 40 },
        );
    });
    it("CODE-1 listener rules: any non-redirect action on a plain-HTTP listener (lb or alb module) is blocked", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("forward", "fixed-response", "authenticate-oidc", "authenticate-cognito"),
                fc.constantFrom(
                    ["aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule"],
                    ["aws:alb/listener:Listener", "aws:alb/listenerRule:ListenerRule"],
                ),
                fc.constantFrom<unknown>("HTTP", "http", undefined),
                async (type, [listenerType, ruleType], protocol) => {
                    const stack = (actions: unknown[], proto: unknown): TestResource[] => [
                        {
                            type: listenerType,
                            name: "l",
                            props: {
                                port: 80,
                                protocol: proto,
                                defaultActions: [
                                    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
                                ],
                            },
                        },
                        {
                            type: ruleType,
                            name: "rule",
                            props: { listenerArn: "arn", actions },
                            propertyDependencies: { listenerArn: ["l"] },
                        },
                    ];
                    blocked(
                        await runStack(
                            elbListenerRuleTls,
                            stack([{ type: "redirect", redirect: { protocol: "HTTPS" } }, { type }], protocol),
                        ),
                        /serves plain HTTP/,
                    );
                    assertPass(
                        await runStack(elbListenerRuleTls, stack([{ type: "redirect", redirect: { protocol: "HTTPS" } }], protocol)),
                    );
                    assertPass(await runStack(elbListenerRuleTls, stack([{ type }], "HTTPS")));
                },
            ),
            { numRuns: 24 },
        );
    });
});
