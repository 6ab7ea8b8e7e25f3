/**
 * PACK-8 for the WAF policies that closed the coverage map's last AWS gaps (CODE-3): a web
 * ACL's rules written inline, in ruleJson or as their own resources are judged alike;
 * generated insecure spellings are all blocked, compliant neighbours all pass, and malformed
 * values at the WAF readers never throw (fuzz).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { wafv2WebAclLogging } from "../../../policy-pack/policies/code/wafv2-web-acl-logging";
import { wafv2WebAclManagedRules } from "../../../policy-pack/policies/code/wafv2-web-acl-managed-rules";
import { assertPass, runStack } from "../detection/support";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../runtime";
import { MANAGED_GROUPS, WEB_ACL } from "./families/waf";
import { blocked } from "./support";

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
