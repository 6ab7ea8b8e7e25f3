/**
 * Every policy of the pack, in catalogue order. Add a policy here and nowhere else;
 * the pack entry, the catalogue and the tests all read this list.
 */
import type { Policies } from "@pulumi/policy";
import type { SecurePolicy } from "../lib";
import { ec2SubnetNoPublicIpMapping } from "./cloud/ec2-subnet-no-public-ip-mapping";
import { KUBERNETES_POLICIES } from "./kubernetes";

export const PACK_NAME = "secure-baseline";

export const ALL_POLICIES: readonly SecurePolicy[] = [ec2SubnetNoPublicIpMapping, ...KUBERNETES_POLICIES];

export function packPolicies(): Policies {
    return ALL_POLICIES.map((p) => p.policy);
}
