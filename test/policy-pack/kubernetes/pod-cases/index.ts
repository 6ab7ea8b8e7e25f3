/** The pod-spec table: each case changes one thing in the compliant pod spec. */
import type { PodCase } from "./case";
import { POD_SPEC_CASES } from "./pod-spec";
import { SECURITY_CONTEXT_CASES } from "./security-context";

export type { PodCase } from "./case";

export const POD_CASES: readonly PodCase[] = [...SECURITY_CONTEXT_CASES, ...POD_SPEC_CASES];
