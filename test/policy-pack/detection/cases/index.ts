/**
 * Case lists (the shape is in ../../case.ts) for the detection, DATA-1 and cluster policies,
 * by service in the modules of this folder: one compliant resource or stack, one-field
 * violations and unknowns. ../../cases.ts spreads DETECTION_CASES into CASES, so
 * policies.test.ts runs them both ways, exemptions.test.ts checks exemptions and
 * fuzz.test.ts mutates the fixtures.
 */
import type { Case } from "../../case";
import { ALERT_CASES, CLOUDTRAIL_CASES } from "./trail-alerts";
import { CONFIG_CASES } from "./config";
import { EBS_CASES, GUARDDUTY_CASES } from "./ebs-guardduty";
import { EKS_CASES } from "./eks";
import { IAM_CASES } from "./iam";

export const DETECTION_CASES: readonly Case[] = [
    ...EBS_CASES,
    ...GUARDDUTY_CASES,
    ...CONFIG_CASES,
    ...CLOUDTRAIL_CASES,
    ...ALERT_CASES,
    ...EKS_CASES,
    ...IAM_CASES,
];
