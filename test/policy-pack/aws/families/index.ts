/**
 * The AWS family cases, by service in the modules of this folder: those of issue 12
 * (resource families no policy judged before), then those of the policies that closed the
 * coverage map's last AWS gaps (docs/coverage.md). Each case is one compliant resource per
 * type, one-field violations and unknowns; cases.ts spreads AWS_FAMILY_CASES into CASES, so
 * policies.test.ts, exemptions.test.ts and both fuzz tests run them like every other case.
 * The gap cases are written from the provider docs and the public rule descriptions named in
 * docs/coverage.md, not from any project's fixtures.
 */
import type { Case } from "../../case";
import {
    ECR_POLICY_CASES,
    ECR_REPLICATION_CASES,
    ENDPOINT_SERVICE_CASES,
    IAM_USER_CASES,
    INTERFACE_PERMISSION_CASES,
    KMS_GRANT_CASES,
    KMS_REPLICA_CASES,
    RESOURCE_POLICY_CASES,
} from "./access";
import { IMAGE_SHARING_CASES, INSTANCE_CASES, INSTANCE_DEFAULT_CASES, SERIAL_CONSOLE_CASES, SPOT_FLEET_CASES } from "./compute";
import {
    EVENT_DATA_STORE_CASES,
    GUARDDUTY_FILTER_CASES,
    GUARDDUTY_IPSET_CASES,
    IDENTITY_PROVIDER_CASES,
    QUEUE_SECRET_CASES,
} from "./services";
import { CLASSIC_SSL_CASES, LISTENER_RULE_TLS_CASES, SUBSCRIPTION_TLS_CASES } from "./tls";
import { WAF_CASES } from "./waf";

/** The cases of the policies that closed the coverage map's last AWS gaps. */
export const GAP_CASES: readonly Case[] = [
    ...EVENT_DATA_STORE_CASES,
    ...SERIAL_CONSOLE_CASES,
    ...INTERFACE_PERMISSION_CASES,
    ...SPOT_FLEET_CASES,
    ...ENDPOINT_SERVICE_CASES,
    ...IDENTITY_PROVIDER_CASES,
    ...CLASSIC_SSL_CASES,
    ...GUARDDUTY_IPSET_CASES,
    ...WAF_CASES,
];

/** The cases of issue 12's families, then the gap cases, in the order the tests have always run them. */
export const AWS_FAMILY_CASES: readonly Case[] = [
    ...INSTANCE_CASES,
    ...IAM_USER_CASES,
    ...ECR_POLICY_CASES,
    ...LISTENER_RULE_TLS_CASES,
    ...GUARDDUTY_FILTER_CASES,
    ...KMS_GRANT_CASES,
    ...RESOURCE_POLICY_CASES,
    ...QUEUE_SECRET_CASES,
    ...INSTANCE_DEFAULT_CASES,
    ...KMS_REPLICA_CASES,
    ...SUBSCRIPTION_TLS_CASES,
    ...IMAGE_SHARING_CASES,
    ...ECR_REPLICATION_CASES,
    ...GAP_CASES,
];
