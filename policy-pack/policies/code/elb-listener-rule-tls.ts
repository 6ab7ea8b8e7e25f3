import type * as aws from "@pulumi/aws";
import { StackResourceView, asArray, asString, readerFor, stackPolicy } from "../../lib";

const RULES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const rule = readerFor<aws.lb.ListenerRuleArgs>();
const listener = readerFor<aws.lb.ListenerArgs>();

/**
 * CODE-1: an HTTP listener passes elb-listener-tls when its default action redirects to
 * HTTPS; a rule on that listener whose action forwards (or answers, or authenticates)
 * serves plain HTTP beside the redirect. The rule's listener is found through its
 * listenerArn's property dependency; a listener outside the program gets an advisory note.
 */
export const elbListenerRuleTls = stackPolicy({
    name: "elb-listener-rule-tls",
    control: "CODE-1",
    severity: "high",
    layer: "code",
    description:
        "Listener rules on a plain-HTTP listener must only redirect to HTTPS; a rule that forwards, answers or authenticates there serves plain HTTP.",
    references: [],
    remediation: "attach the rule to the HTTPS listener, or make its only action a redirect to HTTPS (statusCode HTTP_301)",
    subjectTypes: RULES,
    alsoJudges: LISTENERS,
    check: (r, stack, ctx) => {
        const deps = r.propertyDependencies.listenerArn ?? [];
        const found: StackResourceView[] = stack.resources.filter((x) => LISTENERS.includes(x.type) && deps.includes(x.urn));
        if (found.length === 0) {
            ctx.note(`listener rule "${r.name}": its listener is not in this program, so whether it serves plain HTTP cannot be judged`);
            return;
        }
        const protocol = listener(found[0].props, "protocol");
        if (ctx.isUnknown(protocol, "listener protocol")) return;
        // Unset protocol: HTTP on an application load balancer.
        if ((asString(protocol) ?? "HTTP").toUpperCase() !== "HTTP") return;
        const actions = rule(r.props, "actions");
        if (ctx.isUnknown(actions, "actions")) return;
        if (!Array.isArray(actions) || actions.length === 0) {
            ctx.violation(`listener rule "${r.name}" on plain-HTTP listener "${found[0].name}" has no readable actions list`);
            return;
        }
        asArray(actions).forEach((_, i) => {
            const type = rule(r.props, "actions", i, "type");
            const to = rule(r.props, "actions", i, "redirect", "protocol");
            if (ctx.isUnknown(type, `actions.${i}.type`) || ctx.isUnknown(to, `actions.${i}.redirect.protocol`)) return;
            if (type === "redirect" && asString(to)?.toUpperCase() === "HTTPS") return;
            ctx.violation(
                `listener rule "${r.name}" serves plain HTTP on listener "${found[0].name}" (actions.${i}.type ${JSON.stringify(type ?? null).slice(0, 30)})`,
            );
        });
    },
});
