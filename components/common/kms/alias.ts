/**
 * Key aliases known at preview, and IAM access scoped through them. A new key's ARN is assigned by
 * AWS at create, so an identity policy written from it is wholly unknown at `pulumi preview` and a
 * policy pack cannot judge it. The alias name is ours: a statement on this account's keys in this
 * region, conditioned on `kms:ResourceAliases`, reaches exactly the key that carries the alias.
 */
import { AwsContext, arn } from "../awsContext";
import { PolicyStatement } from "../iam";

/** What KMS accepts after `alias/` (letters, digits, `/`, `_`, `-`); anything else becomes `-`. */
const ALIAS_UNSAFE = /[^a-zA-Z0-9/_-]/g;
/** KMS's limit on the whole alias name. */
const ALIAS_MAX_LENGTH = 256;

/**
 * `alias/secure-baseline/<stack>/<purpose>/<name>`: fixed, so it (and every policy written from it)
 * is known at preview. The stack is part of it so two stacks of one account and region that use the
 * same component names do not collide. Renaming the key's component renames (replaces) the alias.
 */
export function keyAliasName(stack: string, purpose: string, name: string): string {
    const safe = (s: string) => s.replace(ALIAS_UNSAFE, "-");
    const alias = `alias/secure-baseline/${safe(stack)}/${safe(purpose)}/${safe(name)}`;
    if (alias.length > ALIAS_MAX_LENGTH) {
        throw new Error(
            `CustomerManagedKey: the alias "${alias.slice(0, 80)}…" (${alias.length} characters) is longer than KMS allows (${ALIAS_MAX_LENGTH}); shorten the stack or component name`,
        );
    }
    return alias;
}

/** Every KMS key of this account in this region: only ever used together with an alias condition. */
export function regionalKeysArn(ctx: AwsContext): string {
    return arn(ctx, "kms", "key/*");
}

/**
 * One statement granting `actions` on the one key that carries `aliasName` (ForAnyValue: a key may have
 * several aliases; one of them must be ours). `extra` adds conditions (e.g. kms:GrantIsForAWSResource).
 * Whoever may move the alias (kms:UpdateAlias, kms:CreateAlias) could point it at another key: no role
 * the baseline creates holds those actions, and the key policies leave them to IAM administrators.
 */
export function onKeyByAlias(
    ctx: AwsContext,
    aliasName: string,
    sid: string,
    actions: readonly string[],
    extra: PolicyStatement["Condition"] = {},
): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...actions],
        Resource: regionalKeysArn(ctx),
        Condition: { ...extra, "ForAnyValue:StringEquals": { "kms:ResourceAliases": aliasName } },
    };
}
