import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../../common/naming";
import { ResolvedDetectionArgs } from "../args";
import { PlannedFeature, planGuardDutyFeatures } from "../guardDutyPlan";

export interface GuardDutyResources {
    readonly detector: aws.guardduty.Detector;
    readonly features: readonly PlannedFeature[];
}

/** DET-1: the detector and one DetectorFeature per planned feature (the `datasources` block is deprecated). */
export function createGuardDuty(
    name: string,
    parent: pulumi.Resource,
    r: ResolvedDetectionArgs,
    tags: Record<string, string>,
): GuardDutyResources {
    const features = planGuardDutyFeatures(r.guardDutyFeatures, r.runtimeAgentManagement);
    const detector = new aws.guardduty.Detector(
        childName(name, "guardduty"),
        { enable: true, findingPublishingFrequency: r.findingPublishingFrequency, tags },
        { parent, protect: r.protect },
    );
    for (const f of features) {
        new aws.guardduty.DetectorFeature(
            childName(name, "guardduty", f.name.toLowerCase().replace(/_/g, "-")),
            {
                detectorId: detector.id,
                name: f.name,
                status: f.status,
                additionalConfigurations: f.additionalConfigurations.map((c) => ({ name: c.name, status: c.status })),
            },
            { parent },
        );
    }
    return { detector, features };
}
