/**
 * Test cases per policy: one compliant resource (or stack), and variants that each change
 * ONE thing (the shape is in case.ts). policies.test.ts runs every case; the fuzz and
 * exemption tests reuse the fixtures.
 */
import type { Case } from "./case";
import { AWS_CASES } from "./aws/core";
import { AWS_FAMILY_CASES } from "./aws/families";
import { DETECTION_CASES } from "./detection/cases";
import { RESPONSE_CASES } from "./response/cases";
import { K8S_CASES } from "./kubernetes/cases";
import { SIGNING_CASES } from "./signing-cases";
import { OPAQUE_CASES } from "./opaque-cases";
import { EKS_COMPONENT_CASES } from "./eks-component/cases";
import { CALLOUT_CASES } from "./meaning/callouts-cases";
import { SECRETS_CASES } from "./secrets-cases";

/**
 * Every case. Policies of another layer add their own case list here (for example
 * `...K8S_CASES` from a k8sCases.ts); the coverage test fails for a policy without cases.
 */
export const CASES: readonly Case[] = [
    ...AWS_CASES,
    ...DETECTION_CASES,
    ...RESPONSE_CASES,
    ...K8S_CASES,
    ...OPAQUE_CASES,
    ...AWS_FAMILY_CASES,
    ...EKS_COMPONENT_CASES,
    ...CALLOUT_CASES,
    ...SIGNING_CASES,
    ...SECRETS_CASES,
];
