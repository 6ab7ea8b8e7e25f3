/**
 * Pure Security Hub planning (DET-5): standards ARNs built from partition and region (no literal ARNs).
 */
import { AwsContext } from "../common/awsContext";
import { Reporter, reporter } from "../common/validation";

/** CIS AWS Foundations Benchmark versions Security Hub offers as regional standards. */
export const CIS_VERSIONS = ["1.4.0", "3.0.0"] as const;
export type CisVersion = (typeof CIS_VERSIONS)[number];
export const DEFAULT_CIS_VERSION: CisVersion = "3.0.0";
export const FSBP_VERSION = "1.0.0";

export function fsbpStandardArn(ctx: AwsContext): string {
    return `arn:${ctx.partition}:securityhub:${ctx.region}::standards/aws-foundational-security-best-practices/v/${FSBP_VERSION}`;
}

export function cisStandardArn(ctx: AwsContext, version: CisVersion): string {
    return `arn:${ctx.partition}:securityhub:${ctx.region}::standards/cis-aws-foundations-benchmark/v/${version}`;
}

export function validateCisVersion(value: string, r: Reporter = reporter("ThreatDetection")): void {
    if (!(CIS_VERSIONS as readonly string[]).includes(value)) {
        r.fail({ path: ["securityHubCisVersion"], value, problem: "is not allowed", allowed: `use one of ${CIS_VERSIONS.join(", ")}` });
    }
}
