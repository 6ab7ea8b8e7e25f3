/** Tags every resource the baseline creates carries, so ownership is visible in the console and in Config. */
export const MANAGED_BY_TAG = "secure-baseline:managed-by";
export const COMPONENT_TAG = "secure-baseline:component";
export const CONTROL_TAG = "secure-baseline:control";

export type Tags = Readonly<Record<string, string>>;

/** Merges the baseline's ownership tags with the caller's; the caller's own keys win except the ownership ones. */
export function baselineTags(component: string, userTags: Tags | undefined, extra: Tags = {}): Record<string, string> {
    return { ...(userTags ?? {}), ...extra, [MANAGED_BY_TAG]: "secure-baseline", [COMPONENT_TAG]: component };
}
