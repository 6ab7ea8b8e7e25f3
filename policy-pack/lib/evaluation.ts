/**
 * What resource and stack policies share when they run: the CrossGuard fields made from the
 * metadata, the scope and exemption gate, the guarded call of a check, and the message for a
 * check that failed (fail closed).
 */
import type { PolicyProviderResource } from "@pulumi/policy";
import { UnknownMode, configSchema, scopeSkipReason } from "./config";
import { FindingCollector, ResourceRef, formatMessage } from "./context";
import { DataRecord, asRecord, isUnknownValueError, snapshot } from "./data";
import { DEFAULT_EXEMPTION_MAX_DAYS, EXEMPTION_MAX_DAYS_LIMIT, Exemption, approvalFor, findExemption } from "./exemptions";
import { PolicyMetadata, defaultEnforcementLevel, formatReference } from "./metadata";
import type { ProviderView } from "./policy";

/** Snapshots the SDK's provider object (its props sit behind the unknown-checking proxy). */
export function providerView(p: PolicyProviderResource | undefined): ProviderView | undefined {
    if (p === undefined || p === null || typeof p !== "object") {
        return undefined;
    }
    return { type: String(p.type), name: String(p.name), urn: String(p.urn), props: asRecord(snapshot(p.props)) ?? {} };
}

export function crossGuardFields(meta: PolicyMetadata) {
    return {
        name: meta.name,
        description: `[${meta.control}] ${meta.description}`,
        enforcementLevel: defaultEnforcementLevel(meta.severity),
        severity: meta.severity,
        displayName: `${meta.control} ${meta.name}`,
        // CrossGuard holds one framework per policy: ours is the control catalogue; the
        // public references (CIS, FSBP, ...) are listed in `specification` and `tags`.
        framework: {
            name: "secure-baseline controls",
            version: "1",
            reference: meta.control,
            specification: meta.references.map(formatReference).join("; "),
        },
        tags: [meta.layer, meta.control, ...meta.references.map(formatReference)],
        remediationSteps: meta.remediation,
        configSchema: configSchema(meta.config),
    };
}

export function unknownModeOf(config: Readonly<Record<string, unknown>>): UnknownMode {
    return config.unknown === "advisory" ? "advisory" : "fail-closed";
}

export function errorText(meta: PolicyMetadata, ref: ResourceRef, e: unknown): string {
    const detail = e instanceof Error ? e.message : String(e);
    return formatMessage(
        meta.control,
        `${meta.name} could not evaluate ${ref.type} "${ref.name}" (internal error: ${detail}); treated as non-compliant`,
        "check that the resource inputs are well-formed, and report this policy bug with the resource's inputs",
    );
}

/**
 * Shared gate: scope (include/exclude) and exemption. Returns false when the resource is
 * skipped (a note has been recorded).
 */
export function gate(c: FindingCollector, props: DataRecord, today: string): boolean {
    const include = c.configStrings("include");
    const exclude = c.configStrings("exclude");
    const skip = scopeSkipReason(c.resource.name, include, exclude);
    if (skip !== undefined) {
        c.note(`${c.resource.type} "${c.resource.name}" is not checked: ${skip}.`, c.resource.urn);
        return false;
    }
    const maxDays = Math.min(
        Math.max(Math.floor(c.configNumber("exemptionMaxDays", DEFAULT_EXEMPTION_MAX_DAYS)), 1),
        EXEMPTION_MAX_DAYS_LIMIT,
    );
    const ex: Exemption = findExemption(c.policy.name, c.resource.type, props, today, maxDays);
    switch (ex.state) {
        case "valid": {
            if (c.policy.severity === "critical") {
                // PACK-10: the resource's author writes the tag; someone else must approve it.
                const approval = approvalFor(c.config.approvedExemptions, c.resource.name, today, maxDays);
                if (!approval.ok) {
                    c.violation(
                        `the exemption ${ex.key} on ${c.resource.type} "${c.resource.name}" is not honoured: ${c.policy.name} is critical, so a tag or annotation alone is not enough, and there is ${approval.missing}`,
                        `add { "resource": "${c.resource.name}", "reason": "...", "approver": "...", "expires": "YYYY-MM-DD" } to approvedExemptions of ${c.policy.name} in the pack config, or make the resource compliant`,
                    );
                    return true;
                }
                c.note(
                    `${c.resource.type} "${c.resource.name}" is exempted by ${ex.key} until ${ex.expires}: "${ex.reason}", approved by ${approval.approval.approver} until ${approval.approval.expires} ("${approval.approval.reason}"). Not checked.`,
                    c.resource.urn,
                );
                return false;
            }
            c.note(
                `${c.resource.type} "${c.resource.name}" is exempted by ${ex.key} until ${ex.expires}: "${ex.reason}". Not checked.`,
                c.resource.urn,
            );
            return false;
        }
        case "invalid":
            c.violation(
                `the exemption ${ex.key} on ${c.resource.type} "${c.resource.name}" is not valid: ${ex.problem}`,
                `set it to "<reason>; expires=YYYY-MM-DD" with a date from today to ${maxDays} days ahead, or remove it and make the resource compliant`,
            );
            return true;
        case "unknown":
            c.note(
                `the exemption ${ex.key} on "${c.resource.name}" is unknown at preview and is not honoured; the resource is checked.`,
                c.resource.urn,
            );
            return true;
        case "none":
            return true;
    }
}

export function runCheck(c: FindingCollector, body: () => void): void {
    try {
        body();
    } catch (e) {
        if (isUnknownValueError(e)) {
            // Only reachable if a check bypassed the snapshot; still fail closed.
            const path = e.props.map(String).join(".");
            c.isUnknown(snapshot(e.unknownTypeSentinel, path), path);
        } else {
            c.error(errorText(c.policy, c.resource, e));
        }
    }
}
