/**
 * Physical names the components choose themselves, so that every ARN written from them (in a topic
 * policy, a repository policy, an IAM document) is known at `pulumi preview`. An auto-named resource's
 * ARN is assigned at create: a policy document built from it is unknown at preview and a fail-closed
 * pack cannot judge it.
 *
 * A name keeps the readable parts while it fits the service's limit; a longer one is cut and ends in
 * eight hex digits of a hash of the whole, so two long names that share a prefix still differ.
 */
import { createHash } from "crypto";

export interface NameRule {
    /** The service's limit on the whole name. */
    readonly max: number;
    /** Characters the service refuses (each becomes "-"). Must have the global flag. */
    readonly unsafe: RegExp;
}

/** IAM role names: 64 characters of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME: NameRule = { max: 64, unsafe: /[^A-Za-z0-9+=,.@_-]/g };
/** SNS standard topic names: 256 characters of letters, digits, `-` and `_`. */
export const SNS_TOPIC_NAME: NameRule = { max: 256, unsafe: /[^A-Za-z0-9_-]/g };
/** EventBridge rule names: 64 characters of letters, digits and `._-`. */
export const EVENT_RULE_NAME: NameRule = { max: 64, unsafe: /[^A-Za-z0-9._-]/g };

const HASH_LENGTH = 8;

/** `parts` joined by "-", made safe for `rule`, and cut (with a hash of the whole) to fit its limit. */
export function boundedName(rule: NameRule, ...parts: string[]): string {
    const parts_ = parts.filter((p) => p.length > 0);
    if (parts_.length === 0) throw new Error("boundedName: at least one non-empty part is required");
    const whole = parts_.join("-");
    const safe = whole.replace(rule.unsafe, "-");
    if (safe.length <= rule.max) return safe;
    const hash = createHash("sha256").update(whole).digest("hex").slice(0, HASH_LENGTH);
    return `${safe.slice(0, rule.max - HASH_LENGTH - 1)}-${hash}`;
}
