/**
 * Provider support on top of the pack's runtime helper (../runtime.ts), whose TestResource
 * has no `provider`. @pulumi/policy 1.21's server.js (getProviderResource) sets
 * `args.provider` (Analyze) and `resource.provider` (AnalyzeStack) from the request's
 * provider message: { type, name, urn, props } with props deserialised and wrapped in
 * `unknownCheckingProxy`. These wrappers do exactly that before calling the policy.
 */
import { createRequire } from "module";
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import type { PolicyProviderResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { urnOf } from "../runtime";

const sdkRequire = createRequire(require.resolve("@pulumi/policy"));
const deserialize: { deserializeProperties(struct: structpb.Struct, proxySecrets: boolean): Record<string, unknown> } =
    sdkRequire("./deserialize");
const proxy: (props: Record<string, unknown>) => Record<string, unknown> = unknownCheckingProxy;

export const PROVIDER_TYPE = "pulumi:providers:kubernetes";

export interface TestProvider {
    readonly name: string;
    readonly props: Record<string, unknown>;
}

export function providerUrn(p: TestProvider): string {
    return urnOf(PROVIDER_TYPE, p.name);
}

/** The provider object as server.js builds it. */
export function sdkProvider(p: TestProvider): PolicyProviderResource {
    const props = proxy(deserialize.deserializeProperties(structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(p.props))), false));
    return { type: PROVIDER_TYPE, name: p.name, urn: providerUrn(p), props };
}

/** The policy with every Analyze call carrying `provider`. */
export function withProvider(p: SecurePolicy, provider: TestProvider): ResourceValidationPolicy {
    const inner = p.policy as ResourceValidationPolicy;
    const validate = inner.validateResource;
    if (typeof validate !== "function") {
        throw new Error(`${p.meta.name} is not a single-function resource policy`);
    }
    return {
        ...inner,
        validateResource: (args, report) => validate({ ...args, provider: sdkProvider(provider) }, report),
    };
}

/** The stack policy with `provider` set on the named resources (resource name → provider). */
export function withProviders(p: SecurePolicy, providers: Readonly<Record<string, TestProvider>>): StackValidationPolicy {
    const inner = p.policy as StackValidationPolicy;
    return {
        ...inner,
        validateStack: (args, report) => {
            for (const r of args.resources) {
                const provider = providers[r.name];
                if (provider) {
                    r.provider = sdkProvider(provider);
                }
            }
            return inner.validateStack(args, report);
        },
    };
}
