import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";
import { severityReach } from "../shared/guardduty-filter";

const read = readerFor<aws.guardduty.FilterArgs>();

/**
 * DET-1: findings reach people. A filter with action ARCHIVE hides what it matches from
 * the console and from EventBridge consumers that skip archived findings; one that can
 * match a high or critical finding (severity 7 or more), or that has no criteria at all,
 * silences the detector. Suppression rules for known noise keep a severity bound below 7;
 * a reviewed exception is named in the pack config's `exclude`.
 */
export const guarddutyFilterNoArchiveHigh = resourcePolicy({
    name: "guardduty-filter-no-archive-high",
    control: "DET-1",
    severity: "high",
    layer: "cloud",
    description:
        "GuardDuty filters with action ARCHIVE must not match every finding nor any finding of severity 7 or more (high and critical): their severity criteria must bound the severity below 7.",
    references: [],
    remediation: 'add a criterion { field: "severity", lessThan: "7" } to the suppression filter, or use action NOOP',
    resourceTypes: ["aws:guardduty/filter:Filter"],
    check: (f, ctx) => {
        const action = read(f.props, "action");
        if (ctx.isUnknown(action, "action")) return;
        if (typeof action !== "string") {
            ctx.violation(
                `GuardDuty filter "${f.name}" has no readable action (${JSON.stringify(action ?? null).slice(0, 30)})`,
                "set action to NOOP or ARCHIVE",
            );
            return;
        }
        if (action.trim().toUpperCase() !== "ARCHIVE") return;
        const criteria = read(f.props, "findingCriteria");
        if (ctx.containsUnknown(criteria, "findingCriteria")) return;
        const reach = severityReach(criteria);
        if (!reach.ok) {
            ctx.violation(
                `GuardDuty filter "${f.name}" archives findings with criteria that cannot be read: ${reach.problem} (${reach.path})`,
                "give each criterion a field and numeric severity bounds",
            );
        } else if (reach.criteria === 0) {
            ctx.violation(`GuardDuty filter "${f.name}" archives every finding (action ARCHIVE, no criteria)`);
        } else if (reach.admitsHigh) {
            ctx.violation(
                `GuardDuty filter "${f.name}" can archive high and critical findings (action ARCHIVE, no severity bound below 7 in findingCriteria)`,
            );
        }
    },
});
