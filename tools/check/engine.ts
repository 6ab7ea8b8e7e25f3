/**
 * Details in which the check follows the Pulumi engine rather than the SDK's
 * mock monitor: URNs and custom-timeout units.
 */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Parses Go-style durations ("5m", "1h30m", "45s") into seconds, as the analyzer options carry them. */
export function durationSeconds(d: string): number {
    let total = 0;
    for (const m of d.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
        const n = Number(m[1]);
        total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "s" ? n : n / 1000;
    }
    return total;
}

/**
 * URNs as the engine makes them: the type is qualified by the parent's full
 * qualified type, except under the root stack. (The mock monitor keeps only
 * the parent's last type and qualifies children of the stack too.)
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? (parent.split("::")[2] ?? "") : "";
    const qualified = parentType === "" || parentType === STACK_TYPE ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
