/**
 * PACK-8 for the policies that closed the coverage map's last AWS gaps: generated spellings
 * of the same insecure thing are all blocked, generated compliant neighbours all pass. The
 * WAF policies, with the fuzz of their readers, are in gaps-waf.test.ts.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ec2SerialConsoleAccessDisabled } from "../../../policy-pack/policies/cloud/ec2-serial-console-access-disabled";
import { ec2SpotFleetLaunchTemplate } from "../../../policy-pack/policies/cloud/ec2-spot-fleet-launch-template";
import { ec2VpcEndpointServiceRestricted } from "../../../policy-pack/policies/cloud/ec2-vpc-endpoint-service-restricted";
import { guarddutyIpsetTrustedAllowed } from "../../../policy-pack/policies/cloud/guardduty-ipset-trusted-allowed";
import { eksIdentityProviderPrefixed } from "../../../policy-pack/policies/cluster/eks-identity-provider-prefixed";
import { elbClassicSslPolicyModern } from "../../../policy-pack/policies/code/elb-classic-ssl-policy-modern";
import { assertPass, run } from "../detection/support";
import { blocked, show } from "./support";

const ACCOUNT = "123456789012";
const TRUSTED = { trustedAccountIds: [ACCOUNT] };
/** A few ways to write the same boolean or name. */
const spaced = (s: string): fc.Arbitrary<string> =>
    fc
        .tuple(fc.constantFrom("", " ", "  "), fc.constantFrom(s, s.toUpperCase(), s.toLowerCase()), fc.constantFrom("", " "))
        .map(([a, b, c]) => a + b + c);
const trueSpelt = fc.oneof(fc.constant<unknown>(true), spaced("true"));

describe("gap policies: equivalent spellings are blocked, neighbours pass (property)", () => {
    it("IAM-1 PrivateLink: every wildcard spelling of a principal is blocked; named principals of trusted accounts pass", async () => {
        const wide = fc.constantFrom(
            "*",
            " * ",
            "arn:aws:iam::*:root",
            "arn:aws:iam::12345678901?:root",
            "arn:aws:iam::123456789012:*",
            "arn:aws:sts::*:assumed-role/x/y",
        );
        const own = fc.constantFrom(
            `arn:aws:iam::${ACCOUNT}:root`,
            `arn:aws:iam::${ACCOUNT}:role/consumer`,
            ` arn:aws:iam::${ACCOUNT}:user/ci `,
        );
        await fc.assert(
            fc.asyncProperty(wide, fc.array(own, { maxLength: 3 }), fc.nat(), fc.boolean(), async (bad, good, at, asResource) => {
                if (asResource) {
                    blocked(
                        await run(
                            ec2VpcEndpointServiceRestricted,
                            {
                                type: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
                                name: "p",
                                props: { vpcEndpointServiceId: "s", principalArn: bad },
                            },
                            { [ec2VpcEndpointServiceRestricted.meta.name]: TRUSTED },
                        ),
                        /a wildcard/,
                    );
                    return;
                }
                const list: string[] = [...good];
                list.splice(at % (list.length + 1), 0, bad);
                blocked(
                    await run(
                        ec2VpcEndpointServiceRestricted,
                        {
                            type: "aws:ec2/vpcEndpointService:VpcEndpointService",
                            name: "s",
                            props: { acceptanceRequired: true, allowedPrincipals: list },
                        },
                        { [ec2VpcEndpointServiceRestricted.meta.name]: TRUSTED },
                    ),
                    /a wildcard/,
                );
                assertPass(
                    await run(
                        ec2VpcEndpointServiceRestricted,
                        {
                            type: "aws:ec2/vpcEndpointService:VpcEndpointService",
                            name: "s",
                            props: { acceptanceRequired: true, allowedPrincipals: good },
                        },
                        { [ec2VpcEndpointServiceRestricted.meta.name]: TRUSTED },
                    ),
                );
            }),
            { numRuns: 150 },
        );
    });
    it("CODE-1 classic SSL: old protocols and weak ciphers in any case or spelling of true are blocked, on both resource types", async () => {
        const old = fc.constantFrom(
            "Protocol-SSLv2",
            "Protocol-SSLv3",
            "Protocol-TLSv1",
            "Protocol-TLSv1.1",
            "RC4-SHA",
            "DES-CBC3-SHA",
            "EXP-RC4-MD5",
            "NULL-SHA",
            "ADH-AES128-SHA",
        );
        const type = fc.constantFrom(
            ["aws:elb/loadBalancerPolicy:LoadBalancerPolicy", "policyAttributes"],
            ["aws:elb/sslNegotiationPolicy:SslNegotiationPolicy", "attributes"],
        );
        await fc.assert(
            fc.asyncProperty(
                type,
                old.chain((n) => spaced(n)),
                trueSpelt,
                fc.nat(),
                async ([t, path], name, on, at) => {
                    const attrs: unknown[] = [
                        { name: "Protocol-TLSv1.2", value: "true" },
                        { name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" },
                    ];
                    const props = (list: unknown[]) => ({
                        loadBalancerName: "c",
                        loadBalancer: "c",
                        lbPort: 443,
                        policyName: "p",
                        policyTypeName: "SSLNegotiationPolicyType",
                        [path]: list,
                    });
                    assertPass(await run(elbClassicSslPolicyModern, { type: t, name: "p", props: props(attrs) }));
                    attrs.splice(at % 3, 0, { name, value: on });
                    blocked(
                        await run(elbClassicSslPolicyModern, { type: t, name: "p", props: props(attrs) }),
                        /switches on (Protocol-|the weak cipher)/i,
                    );
                },
            ),
            { numRuns: 200 },
        );
    });
    it("EKS-4 OIDC: missing, blank, opt-out or reserved prefixes in any spelling are blocked; own prefixes pass", async () => {
        const bad = fc.oneof(
            fc.constantFrom<unknown>(undefined, null, "", "  ", "-", " - "),
            fc
                .constantFrom("system:", "eks:", "aws:", "amazon:", "iam:")
                .chain((p) => spaced(p))
                .map((p) => `${p}team`),
        );
        const good = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}:$/).filter((p) => !/^(system|eks|aws|amazon|iam):/.test(p));
        await fc.assert(
            fc.asyncProperty(bad, good, fc.constantFrom("usernamePrefix", "groupsPrefix"), async (prefix, ok, field) => {
                const oidc = {
                    identityProviderConfigName: "sso",
                    clientId: "kube",
                    issuerUrl: "https://sso.example.com",
                    usernamePrefix: ok,
                    groupsPrefix: ok,
                };
                assertPass(
                    await run(eksIdentityProviderPrefixed, {
                        type: "aws:eks/identityProviderConfig:IdentityProviderConfig",
                        name: "sso",
                        props: { clusterName: "c", oidc },
                    }),
                );
                blocked(
                    await run(eksIdentityProviderPrefixed, {
                        type: "aws:eks/identityProviderConfig:IdentityProviderConfig",
                        name: "sso",
                        props: { clusterName: "c", oidc: { ...oidc, [field]: prefix } },
                    }),
                    new RegExp(`oidc\\.${field}`),
                );
            }),
            { numRuns: 150 },
        );
    });
    it("NET-6 serial console, DET-1 trusted IP lists, EKS-6 spot fleets: every spelling of on is blocked, every spelling of off passes", async () => {
        await fc.assert(
            fc.asyncProperty(trueSpelt, spaced("false"), async (on, off) => {
                blocked(
                    await run(ec2SerialConsoleAccessDisabled, {
                        type: "aws:ec2/serialConsoleAccess:SerialConsoleAccess",
                        name: "c",
                        props: { enabled: on },
                    }),
                    /switches the EC2 serial console on/,
                );
                assertPass(
                    await run(ec2SerialConsoleAccessDisabled, {
                        type: "aws:ec2/serialConsoleAccess:SerialConsoleAccess",
                        name: "c",
                        props: { enabled: off },
                    }),
                );
                blocked(
                    await run(guarddutyIpsetTrustedAllowed, {
                        type: "aws:guardduty/iPSet:IPSet",
                        name: "ips",
                        props: { activate: on, detectorId: "d", format: "TXT", location: "s3://b/k" },
                    }),
                    /is active/,
                );
                assertPass(
                    await run(guarddutyIpsetTrustedAllowed, {
                        type: "aws:guardduty/iPSet:IPSet",
                        name: "ips",
                        props: { activate: off, detectorId: "d", format: "TXT", location: "s3://b/k" },
                    }),
                );
            }),
            { numRuns: 60 },
        );
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (n) => {
                const specs = Array.from({ length: n }, (_, i) => ({
                    ami: `ami-${i}`,
                    instanceType: "t3.micro",
                    rootBlockDevices: [{ encrypted: true }],
                }));
                const ds = await run(ec2SpotFleetLaunchTemplate, {
                    type: "aws:ec2/spotFleetRequest:SpotFleetRequest",
                    name: "f",
                    props: { iamFleetRole: "r", targetCapacity: 1, launchSpecifications: specs },
                });
                assert.equal(ds.length, n, show(ds));
            }),
            { numRuns: 20 },
        );
    });
});
