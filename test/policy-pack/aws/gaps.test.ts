/**
 * PACK-8 for the policies that closed the coverage map's last AWS gaps: generated spellings
 * of the same insecure thing are all blocked, generated compliant neighbours all pass, and
 * malformed values at their readers never throw (fuzz).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ec2SerialConsoleAccessDisabled } from "../../../policy-pack/policies/cloud/ec2-serial-console-access-disabled";
import { ec2SpotFleetLaunchTemplate } from "../../../policy-pack/policies/cloud/ec2-spot-fleet-launch-template";
import { ec2VpcEndpointServiceRestricted } from "../../../policy-pack/policies/cloud/ec2-vpc-endpoint-service-restricted";
import { guarddutyIpsetTrustedAllowed } from "../../../policy-pack/policies/cloud/guardduty-ipset-trusted-allowed";
import { eksIdentityProviderPrefixed } from "../../../policy-pack/policies/cluster/eks-identity-provider-prefixed";
import { elbClassicSslPolicyModern } from "../../../policy-pack/policies/code/elb-classic-ssl-policy-modern";
import { wafv2WebAclLogging } from "../../../policy-pack/policies/code/wafv2-web-acl-logging";
import { wafv2WebAclManagedRules } from "../../../policy-pack/policies/code/wafv2-web-acl-managed-rules";
import { assertPass, run, runStack } from "../detection/support";
import { Diagnostic, TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../runtime";
import { MANAGED_GROUPS, WEB_ACL } from "./families/waf";

const show = (ds: readonly Diagnostic[]): string => ds.map((d) => d.message).join(" | ");
const blocked = (ds: readonly Diagnostic[], re: RegExp): void =>
    assert.ok(
        ds.some((d) => re.test(d.message)),
        show(ds),
    );
const ACCOUNT = "123456789012";
const TRUSTED = { trustedAccountIds: [ACCOUNT] };
/** A few ways to write the same boolean or name. */
const spaced = (s: string): fc.Arbitrary<string> =>
    fc
        .tuple(fc.constantFrom("", " ", "  "), fc.constantFrom(s, s.toUpperCase(), s.toLowerCase()), fc.constantFrom("", " "))
        .map(([a, b, c]) => a + b + c);
const trueSpelt = fc.oneof(fc.constant<unknown>(true), spaced("true"));

/** Where a WAF rule is written: inline, in ruleJson (AWS API spelling), or as its own resource. */
type Place = "inline" | "json" | "resource";
interface RuleSpec {
    readonly group?: string;
    readonly counting: boolean;
    readonly scoped: boolean;
}

/** One web ACL whose rules are spread over the three places; `rules` decides each rule's place. */
function webAcl(rules: readonly [RuleSpec, Place][]): TestResource[] {
    const inline: unknown[] = [];
    const json: unknown[] = [];
    const extra: TestResource[] = [];
    rules.forEach(([spec, place], i) => {
        const provider = spec.group
            ? {
                  name: `r${i}`,
                  priority: i,
                  overrideAction: spec.counting ? { count: {} } : { none: {} },
                  statement: {
                      managedRuleGroupStatement: {
                          vendorName: "AWS",
                          name: spec.group,
                          ...(spec.scoped ? { scopeDownStatement: { byteMatchStatement: {} } } : {}),
                      },
                  },
              }
            : {
                  name: `r${i}`,
                  priority: i,
                  action: spec.counting ? { count: {} } : { block: {} },
                  statement: { rateBasedStatement: { limit: 100, aggregateKeyType: "IP" } },
              };
        if (place === "inline") inline.push(provider);
        else if (place === "json") {
            json.push(
                spec.group
                    ? {
                          Name: `r${i}`,
                          Priority: i,
                          OverrideAction: spec.counting ? { Count: {} } : { None: {} },
                          Statement: {
                              ManagedRuleGroupStatement: {
                                  VendorName: "AWS",
                                  Name: spec.group,
                                  ...(spec.scoped ? { ScopeDownStatement: {} } : {}),
                              },
                          },
                      }
                    : {
                          Name: `r${i}`,
                          Priority: i,
                          Action: spec.counting ? { Count: {} } : { Block: {} },
                          Statement: { RateBasedStatement: { Limit: 100 } },
                      },
            );
        } else if (spec.group && !spec.scoped) {
            extra.push({
                type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
                name: `assoc-${i}`,
                props: {
                    webAclArn: "arn",
                    ruleName: `r${i}`,
                    priority: i,
                    managedRuleGroup: { vendorName: "AWS", name: spec.group },
                    overrideAction: spec.counting ? "count" : "none",
                },
                propertyDependencies: { webAclArn: ["edge"] },
            });
        } else {
            extra.push({
                type: "aws:wafv2/webAclRule:WebAclRule",
                name: `rule-${i}`,
                props: { webAclArn: "arn", ...provider },
                propertyDependencies: { webAclArn: ["edge"] },
            });
        }
    });
    const acl = { ...WEB_ACL, rules: inline, ...(json.length ? { ruleJson: JSON.stringify(json) } : {}) };
    return [{ type: "aws:wafv2/webAcl:WebAcl", name: "edge", props: acl }, ...extra];
}

const place = fc.constantFrom<Place>("inline", "json", "resource");
const compliantRules = fc
    .tuple(
        fc.array(place, { minLength: 4, maxLength: 4 }),
        fc.array(fc.constantFrom("AWSManagedRulesSQLiRuleSet", "AWSManagedRulesLinuxRuleSet"), { maxLength: 3 }),
    )
    .map(([places, others]) => {
        const specs: RuleSpec[] = [
            ...MANAGED_GROUPS.map((group) => ({ group, counting: false, scoped: false })),
            { counting: false, scoped: false },
            ...others.map((group) => ({ group, counting: true, scoped: false })),
        ];
        return specs.map((s, i): [RuleSpec, Place] => [s, places[i] ?? "inline"]);
    });

describe("gap policies: equivalent spellings are blocked, neighbours pass (property)", () => {
    it("CODE-3 WAF: the required groups and a blocking rate rule pass wherever each rule is written", async () => {
        await fc.assert(
            fc.asyncProperty(compliantRules, fc.boolean(), async (rules, reverse) =>
                assertPass(await runStack(wafv2WebAclManagedRules, webAcl(reverse ? [...rules].reverse() : rules))),
            ),
            { numRuns: 150 },
        );
    });
    it("CODE-3 WAF: a required group absent, counting or scoped down, in any place, is blocked", async () => {
        const weaken = fc.constantFrom<"drop" | "count" | "scope">("drop", "count", "scope");
        await fc.assert(
            fc.asyncProperty(compliantRules, fc.integer({ min: 0, max: 2 }), weaken, async (rules, which, how) => {
                const changed = rules.flatMap(([s, p], i): [RuleSpec, Place][] =>
                    i !== which ? [[s, p]] : how === "drop" ? [] : [[{ ...s, counting: how === "count", scoped: how === "scope" }, p]],
                );
                blocked(
                    await runStack(wafv2WebAclManagedRules, webAcl(changed)),
                    new RegExp(`the AWS managed rule group ${MANAGED_GROUPS[which]} does not act`),
                );
            }),
            { numRuns: 150 },
        );
    });
    it("CODE-3 WAF: a rate rule that only counts, in any place, is no rate limit", async () => {
        await fc.assert(
            fc.asyncProperty(compliantRules, async (rules) => {
                const changed = rules.map(([s, p]): [RuleSpec, Place] => [s.group ? s : { ...s, counting: true }, p]);
                blocked(await runStack(wafv2WebAclManagedRules, webAcl(changed)), /has no rate-based rule that blocks/);
            }),
            { numRuns: 100 },
        );
    });
    it("CODE-3 WAF logs: any logging configuration linked to the ACL with a destination passes; one for another ACL does not", async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.boolean(), async (destinations, linked) => {
                const resources: TestResource[] = [
                    { type: "aws:wafv2/webAcl:WebAcl", name: "edge", props: WEB_ACL },
                    { type: "aws:wafv2/webAcl:WebAcl", name: "other", props: WEB_ACL },
                    {
                        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
                        name: "log",
                        props: {
                            resourceArn: "arn",
                            logDestinationConfigs: Array.from({ length: destinations }, (_, i) => `arn:firehose:${i}`),
                        },
                        propertyDependencies: { resourceArn: [linked ? "edge" : "other"] },
                    },
                ];
                const ds = (await runStack(wafv2WebAclLogging, resources)).filter((d) => d.message.includes('"edge"'));
                if (linked) assertPass(ds);
                else blocked(ds, /web ACL "edge" has no WebAclLoggingConfiguration/);
            }),
            { numRuns: 60 },
        );
    });
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

describe("gap policies: malformed values never throw and name the resource (fuzz)", () => {
    const junk = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        fc.constantFrom<unknown>(UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, "[", [null], [{ Statement: 7 }]),
    );
    it("the WAF readers: any rules, ruleJson, attached rule or logging value", async () => {
        const paths = ["rules", "rules.0", "rules.0.statement", "rules.0.overrideAction", "rules.3.action", "ruleJson"] as const;
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...paths), junk, junk, junk, async (path, value, attached, destinations) => {
                const rules = JSON.parse(JSON.stringify(WEB_ACL.rules)) as Record<string, unknown>[];
                const acl: Record<string, unknown> = { ...WEB_ACL, rules };
                if (path === "rules" || path === "ruleJson") acl[path] = value;
                else {
                    const [, i, key] = path.split(".");
                    if (key === undefined) rules[Number(i)] = value as Record<string, unknown>;
                    else rules[Number(i)] = { ...rules[Number(i)], [key]: value };
                }
                const resources: TestResource[] = [
                    { type: "aws:wafv2/webAcl:WebAcl", name: "fuzzed", props: acl },
                    {
                        type: "aws:wafv2/webAclRule:WebAclRule",
                        name: "fuzzed-rule",
                        props: { webAclArn: "arn", priority: 9, statement: attached, action: attached },
                        propertyDependencies: { webAclArn: ["fuzzed"] },
                    },
                    {
                        type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
                        name: "fuzzed-group",
                        props: { webAclArn: "arn", ruleName: "g", priority: 8, managedRuleGroup: attached, overrideAction: attached },
                        propertyDependencies: { webAclArn: ["fuzzed"] },
                    },
                    {
                        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
                        name: "fuzzed-log",
                        props: { resourceArn: "arn", logDestinationConfigs: destinations },
                        propertyDependencies: { resourceArn: ["fuzzed"] },
                    },
                ];
                for (const policy of [wafv2WebAclManagedRules, wafv2WebAclLogging]) {
                    for (const d of await runStack(policy, resources)) {
                        assert.doesNotMatch(d.message, /could not evaluate/, d.message);
                        assert.match(d.message, /"fuzzed/, d.message);
                    }
                }
            }),
            { numRuns: 600 },
        );
    });
});
