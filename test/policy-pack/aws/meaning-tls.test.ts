/**
 * PACK-8 for the AWS families of issue 12, on TLS (classic listeners, subscriptions, listener rules): generated spellings of the same insecure
 * thing are all blocked, and generated compliant neighbours all pass.
 */
import fc from "fast-check";
import { elbClassicListenerTls } from "../../../policy-pack/policies/code/elb-classic-listener-tls";
import { elbListenerRuleTls } from "../../../policy-pack/policies/code/elb-listener-rule-tls";
import { snsSubscriptionHttps } from "../../../policy-pack/policies/code/sns-subscription-https";
import { assertPass, runStack } from "../detection/support";
import { TestResource } from "../runtime";
import { blocked, check } from "./support";

describe("issue 12 AWS families: more spellings (property)", () => {
    it("CODE-1 classic listeners and subscriptions: plain protocols in any case are blocked, TLS ones pass", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("http", "HTTP", "Http", "tcp", "TCP"),
                fc.constantFrom("https", "HTTPS", "ssl", "SSL"),
                fc.integer({ min: 1, max: 4 }),
                fc.nat(),
                async (plain, tls, n, pick) => {
                    const listeners: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({
                        lbPort: 443 + i,
                        lbProtocol: tls,
                        instancePort: 8443,
                        instanceProtocol: "https",
                    }));
                    assertPass(await check(elbClassicListenerTls, "aws:elb/loadBalancer:LoadBalancer", { listeners }));
                    listeners[pick % n] = { ...listeners[pick % n], lbProtocol: plain };
                    blocked(
                        await check(elbClassicListenerTls, "aws:elb/loadBalancer:LoadBalancer", { listeners }),
                        new RegExp(`listeners\\.${pick % n} without TLS`),
                    );
                    if (/http/i.test(plain))
                        blocked(
                            await check(snsSubscriptionHttps, "aws:sns/topicSubscription:TopicSubscription", {
                                topic: "t",
                                protocol: plain,
                                endpoint: "http://x",
                            }),
                            /plain HTTP/,
                        );
                },
            ),
            { numRuns: 40 },
        );
    });
    it("CODE-1 listener rules: any non-redirect action on a plain-HTTP listener (lb or alb module) is blocked", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("forward", "fixed-response", "authenticate-oidc", "authenticate-cognito"),
                fc.constantFrom(
                    ["aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule"],
                    ["aws:alb/listener:Listener", "aws:alb/listenerRule:ListenerRule"],
                ),
                fc.constantFrom<unknown>("HTTP", "http", undefined),
                async (type, [listenerType, ruleType], protocol) => {
                    const stack = (actions: unknown[], proto: unknown): TestResource[] => [
                        {
                            type: listenerType,
                            name: "l",
                            props: {
                                port: 80,
                                protocol: proto,
                                defaultActions: [
                                    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
                                ],
                            },
                        },
                        {
                            type: ruleType,
                            name: "rule",
                            props: { listenerArn: "arn", actions },
                            propertyDependencies: { listenerArn: ["l"] },
                        },
                    ];
                    blocked(
                        await runStack(
                            elbListenerRuleTls,
                            stack([{ type: "redirect", redirect: { protocol: "HTTPS" } }, { type }], protocol),
                        ),
                        /serves plain HTTP/,
                    );
                    assertPass(
                        await runStack(elbListenerRuleTls, stack([{ type: "redirect", redirect: { protocol: "HTTPS" } }], protocol)),
                    );
                    assertPass(await runStack(elbListenerRuleTls, stack([{ type }], "HTTPS")));
                },
            ),
            { numRuns: 24 },
        );
    });
});
