/** Helpers of the @pulumi/eks component tests: one policy, by name, on one component input. */
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { Diagnostic, analyze, of } from "../runtime";

export function policy(name: string) {
    const p = ALL_POLICIES.find((x) => x.meta.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

export async function run(
    name: string,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
): Promise<Diagnostic[]> {
    const p = policy(name);
    return of(await analyze([p], { type, name: "c", props }, { [name]: config }), name);
}
export const texts = (ds: readonly Diagnostic[]) => ds.map((d) => d.message).join("\n");
