import type * as aws from "@pulumi/aws";
import { asRecord, readerFor, resourcePolicy } from "../../lib";
import type { Data } from "../../lib";
import { ADDON_TYPE, VPC_CNI_ADDON, isVpcCni } from "./vpc-cni";

/** The add-on's configuration key and the value that turns enforcement on (a string in its schema). */
const read = readerFor<aws.eks.AddonArgs>();

const NETWORK_POLICY_KEY = "enableNetworkPolicy";
const ON = "true";

/**
 * EKS-8: without the CNI's network-policy agent, Kubernetes NetworkPolicies (K8S-2's
 * default deny, K8S-3's quarantine) are accepted by the API and enforced by nothing.
 */
export const eksVpcCniNetworkPolicy = resourcePolicy({
    name: "eks-vpc-cni-network-policy",
    control: "EKS-8",
    severity: "high",
    layer: "cluster",
    description: `The ${VPC_CNI_ADDON} EKS add-on must enable network-policy enforcement (configurationValues {"${NETWORK_POLICY_KEY}": "${ON}"}).`,
    references: [
        { framework: "CIS", id: "4.3.1" },
        { framework: "BPG", id: "network policy enforcement with the VPC CNI" },
    ],
    remediation: `set configurationValues: JSON.stringify({ ${NETWORK_POLICY_KEY}: "${ON}" }) (merge with any other values)`,
    resourceTypes: [ADDON_TYPE],
    check: (addon, ctx) => {
        if (!isVpcCni(addon, ctx)) {
            return;
        }
        const raw = read(addon.props, "configurationValues");
        if (ctx.isUnknown(raw, "configurationValues")) {
            return;
        }
        if (typeof raw !== "string" || raw.trim() === "") {
            ctx.violation(`${VPC_CNI_ADDON} add-on "${addon.name}" has no configurationValues, so network policies are not enforced`);
            return;
        }
        let parsed: Data;
        try {
            parsed = JSON.parse(raw) as Data;
        } catch {
            ctx.violation(
                `${VPC_CNI_ADDON} add-on "${addon.name}" has configurationValues that are not valid JSON, so enforcement cannot be confirmed`,
                `write configurationValues as JSON (JSON.stringify) with ${NETWORK_POLICY_KEY}: "${ON}"`,
            );
            return;
        }
        const values = asRecord(parsed);
        const value = values ? values[NETWORK_POLICY_KEY] : undefined;
        if (value !== ON) {
            const seen = value === undefined ? "is missing" : `is ${JSON.stringify(value)}`;
            ctx.violation(
                `${VPC_CNI_ADDON} add-on "${addon.name}": configurationValues.${NETWORK_POLICY_KEY} ${seen}, so network policies are not enforced`,
            );
        }
    },
});
