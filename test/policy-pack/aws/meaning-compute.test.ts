/**
 * PACK-8 for the AWS families of issue 12, on EC2 (metadata, addresses, volumes, user data): generated spellings of the same insecure
 * thing are all blocked, and generated compliant neighbours all pass.
 */
import { gzipSync } from "zlib";
import fc from "fast-check";
import { ec2InstanceEncryptedVolumes } from "../../../policy-pack/policies/cloud/ec2-instance-encrypted-volumes";
import { ec2InstanceImdsv2 } from "../../../policy-pack/policies/cloud/ec2-instance-imdsv2";
import { ec2InstanceNoPublicIp } from "../../../policy-pack/policies/cloud/ec2-instance-no-public-ip";
import { ec2UserDataNoSecrets } from "../../../policy-pack/policies/cloud/ec2-user-data-no-secrets";
import { assertPass } from "../detection/support";
import { INSTANCE, KEY_ARN, LAUNCH_CONFIGURATION } from "./families/fixtures";
import { blocked, check } from "./support";

const launchType = fc.constantFrom(
    { type: "aws:ec2/instance:Instance", props: INSTANCE as Record<string, unknown> },
    { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", props: INSTANCE as Record<string, unknown> },
    { type: "aws:ec2/launchConfiguration:LaunchConfiguration", props: LAUNCH_CONFIGURATION as Record<string, unknown> },
);

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
});
