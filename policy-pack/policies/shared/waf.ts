/**
 * CODE-3: what a WAFv2 web ACL effectively does, as the union of its rules wherever they
 * are written: inline `rules`, the JSON of `ruleJson` (AWS API spelling), and the
 * aws.wafv2.WebAclRule / WebAclRuleGroupAssociation resources of the same program that
 * take the ACL's ARN. Each rule is reduced to what it enforces: a managed rule group that
 * acts on all traffic, or a rate limit that blocks. Pure functions over plain data.
 */
import type * as aws from "@pulumi/aws";
import type { Data, StackResourceView } from "../../lib";
import { asArray, asRecord, asString, readerFor } from "../../lib";

export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const WEB_ACL_RULE = "aws:wafv2/webAclRule:WebAclRule";
export const WEB_ACL_GROUP = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation";
export const WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

const acl = readerFor<aws.wafv2.WebAclArgs>();
const rule = readerFor<aws.wafv2.WebAclRuleArgs>();
const group = readerFor<aws.wafv2.WebAclRuleGroupAssociationArgs>();

/** What one rule enforces. `counting`: it only observes (count), so it enforces nothing. */
export interface EffectiveRule {
    readonly where: string;
    /** AWS managed rule group name, when the rule runs one. */
    readonly managedGroup?: string;
    /** The group or rate rule applies only to requests matching a scope-down statement. */
    readonly scoped: boolean;
    readonly rateLimit: boolean;
    readonly counting: boolean;
}

export type ReadRules =
    | { readonly ok: true; readonly rules: readonly EffectiveRule[] }
    | { readonly ok: false; readonly problem: string; readonly path: string };

const present = (v: Data): boolean => v !== undefined && v !== null;
const BLOCKING = ["block", "captcha", "challenge"] as const;

/** A rule in the provider's spelling (inline rules and WebAclRule share it). */
function providerRule(
    where: string,
    statement: { group: Data; groupVendor: Data; groupScope: Data; rate: Data },
    overrideCount: Data,
    actions: readonly Data[],
): EffectiveRule {
    const vendor = asString(statement.groupVendor);
    const blocks = actions.some(present);
    return {
        where,
        managedGroup: vendor?.trim() === "AWS" ? asString(statement.group)?.trim() : undefined,
        scoped: present(statement.groupScope),
        rateLimit: present(statement.rate),
        counting: present(statement.group) ? present(overrideCount) : !blocks,
    };
}

/** Inline rules of the ACL. */
function inlineRules(props: Data): ReadRules {
    const list = acl(props, "rules");
    if (!present(list)) return { ok: true, rules: [] };
    if (!Array.isArray(list)) return { ok: false, problem: "rules is not a list", path: "rules" };
    return {
        ok: true,
        rules: asArray(list).map((_, i) =>
            providerRule(
                `rules.${i}`,
                {
                    group: acl(props, "rules", i, "statement", "managedRuleGroupStatement", "name"),
                    groupVendor: acl(props, "rules", i, "statement", "managedRuleGroupStatement", "vendorName"),
                    groupScope: acl(props, "rules", i, "statement", "managedRuleGroupStatement", "scopeDownStatement"),
                    rate: acl(props, "rules", i, "statement", "rateBasedStatement"),
                },
                acl(props, "rules", i, "overrideAction", "count"),
                BLOCKING.map((k) => acl(props, "rules", i, "action", k)),
            ),
        ),
    };
}

/** Rules given as the JSON of `ruleJson`, in the AWS API's spelling (Statement, OverrideAction...). */
function jsonRules(props: Data): ReadRules {
    const text = acl(props, "ruleJson");
    if (!present(text)) return { ok: true, rules: [] };
    let parsed: unknown;
    try {
        parsed = typeof text === "string" ? JSON.parse(text) : undefined;
    } catch {
        parsed = undefined;
    }
    if (!Array.isArray(parsed)) return { ok: false, problem: "ruleJson is not a JSON list of rules", path: "ruleJson" };
    const rules: EffectiveRule[] = [];
    for (const [i, raw] of parsed.entries()) {
        const r = asRecord(raw);
        const statement = asRecord(r?.Statement);
        if (!r || !statement) return { ok: false, problem: `rule ${i} has no Statement object`, path: `ruleJson.${i}` };
        const managed = asRecord(statement.ManagedRuleGroupStatement);
        const action = asRecord(r.Action) ?? {};
        rules.push({
            where: `ruleJson.${i}`,
            managedGroup: managed && asString(managed.VendorName)?.trim() === "AWS" ? asString(managed.Name)?.trim() : undefined,
            scoped: present(managed?.ScopeDownStatement),
            rateLimit: present(statement.RateBasedStatement),
            counting: managed
                ? present(asRecord(r.OverrideAction)?.Count)
                : !["Block", "Captcha", "Challenge"].some((k) => present(action[k])),
        });
    }
    return { ok: true, rules };
}

/** Rules added by separate resources that take the ACL's ARN. */
function attachedRules(attached: readonly StackResourceView[]): EffectiveRule[] {
    return attached.map((r) => {
        if (r.type === WEB_ACL_GROUP) {
            const vendor = asString(group(r.props, "managedRuleGroup", "vendorName"))?.trim();
            return {
                where: `${r.name}`,
                managedGroup: vendor === "AWS" ? asString(group(r.props, "managedRuleGroup", "name"))?.trim() : undefined,
                scoped: false,
                rateLimit: false,
                counting: (asString(group(r.props, "overrideAction"))?.trim().toLowerCase() ?? "none") === "count",
            };
        }
        return providerRule(
            r.name,
            {
                group: rule(r.props, "statement", "managedRuleGroupStatement", "name"),
                groupVendor: rule(r.props, "statement", "managedRuleGroupStatement", "vendorName"),
                groupScope: rule(r.props, "statement", "managedRuleGroupStatement", "scopeDownStatement"),
                rate: rule(r.props, "statement", "rateBasedStatement"),
            },
            rule(r.props, "overrideAction", "count"),
            BLOCKING.map((k) => rule(r.props, "action", k)),
        );
    });
}

/** Every rule of the ACL, or the first part that cannot be read (fail closed). */
export function effectiveRules(props: Data, attached: readonly StackResourceView[]): ReadRules {
    const inline = inlineRules(props);
    if (!inline.ok) return inline;
    const json = jsonRules(props);
    if (!json.ok) return json;
    return { ok: true, rules: [...inline.rules, ...json.rules, ...attachedRules(attached)] };
}
