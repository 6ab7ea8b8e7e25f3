/** The `allowedUsers` config key of the IAM user policies, and its check. */
import { CheckContext, ConfigProperties, Data, firstMatchPattern } from "../../lib";

export const ALLOWED_USERS_CONFIG: ConfigProperties = {
    allowedUsers: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "IAM user names (patterns with * and ?) allowed anyway, for example reviewed break-glass users.",
    },
};

/**
 * Undefined when the user is allowed (or unknown at preview: recorded, fail closed);
 * otherwise the user name as text for the message.
 */
export function disallowedUser(user: Data, path: string, ctx: CheckContext): string | undefined {
    if (ctx.isUnknown(user, path)) return undefined;
    if (typeof user !== "string" || user.trim() === "") return `(${path} unreadable: ${JSON.stringify(user ?? null).slice(0, 40)})`;
    return firstMatchPattern(user, ctx.configStrings("allowedUsers")) === undefined ? `"${user}"` : undefined;
}
