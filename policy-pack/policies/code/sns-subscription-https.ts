import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.sns.TopicSubscriptionArgs>();

/**
 * CODE-1: alerts and events leave AWS over TLS only. An "http" subscription delivers every
 * message (findings included) in plain text to its endpoint.
 */
export const snsSubscriptionHttps = resourcePolicy({
    name: "sns-subscription-https",
    control: "CODE-1",
    severity: "medium",
    layer: "code",
    description: 'SNS subscriptions must not use protocol "http" (plain-text delivery); use "https".',
    references: [],
    remediation: 'set protocol: "https" and an https:// endpoint',
    resourceTypes: ["aws:sns/topicSubscription:TopicSubscription"],
    check: (s, ctx) => {
        const protocol = read(s.props, "protocol");
        if (ctx.isUnknown(protocol, "protocol")) return;
        if (typeof protocol !== "string") {
            ctx.violation(`SNS subscription "${s.name}" has no readable protocol (${JSON.stringify(protocol ?? null).slice(0, 30)})`);
        } else if (protocol.trim().toLowerCase() === "http") {
            ctx.violation(`SNS subscription "${s.name}" delivers messages over plain HTTP (protocol "http")`);
        }
    },
});
