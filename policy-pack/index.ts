// Entry point: constructs the pack (which starts the analyzer server). Nothing else may
// live here: policies are declared in modules that tests load without starting a server.
import { PolicyPack } from "@pulumi/policy";
import { releaseRunnerDebugger, reportRelease, shareDeserializedProperties } from "./lib/runner";
import { PACK_NAME, packPolicies } from "./policies";

// Cheaper not-applicable answers in the process the CLI starts (see lib/runner.ts).
void releaseRunnerDebugger().then(reportRelease);
// Each request's properties converted once, not once per policy (see lib/sdk-internals.ts).
shareDeserializedProperties();

new PolicyPack(PACK_NAME, {
    policies: packPolicies(),
    description: "Secure-baseline: blocks insecure AWS and Kubernetes resources at preview time.",
});
