import type * as aws from "@pulumi/aws";
import { asArray, readerFor, stackPolicy } from "../../lib";
import { WEB_ACL, WEB_ACL_LOGGING } from "../shared/waf";

const logging = readerFor<aws.wafv2.WebAclLoggingConfigurationArgs>();

/**
 * CODE-3 ("with WAF logs kept"): a web ACL's decisions are kept only when a
 * WebAclLoggingConfiguration of the same program takes its ARN and names a destination.
 * The absence is the finding, so this judges each web ACL against the stack. A logging
 * filter that drops some requests is a choice of what to keep; it is not judged.
 */
export const wafv2WebAclLogging = stackPolicy({
    name: "wafv2-web-acl-logging",
    control: "CODE-3",
    severity: "medium",
    layer: "code",
    description:
        "WAFv2 web ACLs must have a WebAclLoggingConfiguration in the same program (resourceArn from the ACL) with at least one log destination.",
    references: [{ framework: "FSBP", id: "WAF.11" }],
    remediation:
        "add aws.wafv2.WebAclLoggingConfiguration { resourceArn: acl.arn, logDestinationConfigs: [logGroup.arn] } with a KMS-encrypted log group named aws-waf-logs-* (EdgeProtection builds it)",
    subjectTypes: [WEB_ACL],
    alsoJudges: [WEB_ACL_LOGGING],
    check: (subject, stack, ctx) => {
        const configs = stack.linkedTo(subject, [WEB_ACL_LOGGING], "resourceArn");
        const delivering = configs.filter((c) => {
            const destinations = logging(c.props, "logDestinationConfigs");
            if (ctx.isUnknown(destinations, `logging "${c.name}" logDestinationConfigs`)) return true;
            return asArray(destinations).length > 0;
        });
        if (delivering.length === 0) {
            ctx.violation(
                configs.length === 0
                    ? `web ACL "${subject.name}" has no WebAclLoggingConfiguration in this program, so its allow and block decisions are not kept`
                    : `web ACL "${subject.name}" has a logging configuration with no destination (logDestinationConfigs empty)`,
            );
        }
    },
});
