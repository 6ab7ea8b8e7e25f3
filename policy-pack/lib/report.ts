/**
 * Turning findings into CrossGuard diagnostics.
 *
 * Levels: a string passed to `reportViolation` takes the policy's effective enforcement
 * level (its default, or the pack config's `enforcementLevel`; `remediate` reports as
 * mandatory). Notes (exemptions, include/exclude skips) and unknowns under
 * `unknown: advisory` must never block, so they go through the object form of
 * `reportViolation`, which @pulumi/policy 1.21's server accepts although its public type
 * declares only the string form (the bridge is in sdk-internals.ts, with its contract test). Object-form messages are prefixed with the policy description exactly as the
 * server does for the string form, so every diagnostic reads alike.
 */
import type { ReportViolation } from "@pulumi/policy";
import type { Finding } from "./context";
import { formatMessage } from "./context";
import type { UnknownMode } from "./config";
import type { PolicyMetadata } from "./metadata";
import { reportWithLevel } from "./sdk-internals";

/** Reports a diagnostic that is advisory whatever the policy's enforcement level. */
export function reportAdvisory(report: ReportViolation, meta: PolicyMetadata, text: string, urn?: string): void {
    reportWithLevel(report, { message: `${meta.description}\n${text}`, enforcementLevel: "advisory", urn });
}

export function unknownText(meta: PolicyMetadata, f: Extract<Finding, { kind: "unknown" }>, mode: UnknownMode): string {
    const what = `${f.path} (checking ${f.resource.type} "${f.resource.name}") is unknown at preview, so this policy cannot prove the resource complies`;
    if (mode === "advisory") {
        return formatMessage(
            meta.control,
            `[note] ${what}; reported as advisory because the pack config sets "unknown": "advisory" for ${meta.name}`,
            "make the value known at preview (a literal or a config value) so the check can run",
        );
    }
    return formatMessage(
        meta.control,
        `${what} (unknown values fail closed)`,
        `make the value known at preview (a literal or a config value), or set "unknown": "advisory" for ${meta.name} in the pack config`,
    );
}

/**
 * Emits findings. `subjectUrn` is passed only by stack policies, where it is the default
 * URN of a finding (resource policies pass none: the server always uses the analysed
 * resource there).
 */
export function emit(
    report: ReportViolation,
    meta: PolicyMetadata,
    findings: readonly Finding[],
    mode: UnknownMode,
    subjectUrn?: string,
): void {
    const stack = subjectUrn !== undefined;
    for (const f of findings) {
        switch (f.kind) {
            case "violation":
            case "error":
                if (stack) {
                    report(f.text, f.urn ?? subjectUrn);
                } else {
                    report(f.text);
                }
                break;
            case "note":
                reportAdvisory(report, meta, f.text, stack ? (f.urn ?? subjectUrn) : undefined);
                break;
            case "unknown": {
                const text = unknownText(meta, f, mode);
                const urn = stack ? f.resource.urn : undefined;
                if (mode === "advisory") {
                    reportAdvisory(report, meta, text, urn);
                } else if (urn !== undefined) {
                    report(text, urn);
                } else {
                    report(text);
                }
                break;
            }
        }
    }
}
