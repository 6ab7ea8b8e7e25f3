/** Shared by the EKS-5 and EKS-8 add-on policies: which add-on is the VPC CNI. */
import type * as aws from "@pulumi/aws";
import { asString, readerFor } from "../../lib";
import type { CheckContext, ResourceView } from "../../lib";

const read = readerFor<aws.eks.AddonArgs>();

export const ADDON_TYPE = "aws:eks/addon:Addon";
export const VPC_CNI_ADDON = "vpc-cni";
/** The CNI's service account in kube-system. */
export const VPC_CNI_SERVICE_ACCOUNT = "aws-node";

/**
 * True when the add-on is the VPC CNI; false for other add-ons. An unknown addonName is
 * recorded (fail closed) and gives false, so the caller stops.
 */
export function isVpcCni(addon: ResourceView, ctx: CheckContext): boolean {
    const name = read(addon.props, "addonName");
    if (ctx.isUnknown(name, "addonName")) {
        return false;
    }
    return (asString(name) ?? "").trim() === VPC_CNI_ADDON;
}
