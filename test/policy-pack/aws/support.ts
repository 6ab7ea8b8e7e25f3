/** Helpers of the AWS property tests: run one policy on one resource, and say what blocked it. */
import { strict as assert } from "assert";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { run } from "../detection/support";
import { Diagnostic } from "../runtime";

export const show = (ds: readonly Diagnostic[]): string => ds.map((d) => d.message).join(" | ");
export const blocked = (ds: readonly Diagnostic[], re: RegExp): void =>
    assert.ok(
        ds.some((d) => re.test(d.message)),
        show(ds),
    );
export async function check(
    policy: SecurePolicy,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
): Promise<Diagnostic[]> {
    return run(policy, { type, name: "r", props }, { [policy.meta.name]: config });
}
