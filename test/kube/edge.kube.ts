/**
 * CODE-3 against the real API server: the prod stack's ALB Ingress web-ACL admission policy. A team user's
 * internet-facing ALB Ingress (every way of marking it the controller's and internet-facing) is denied
 * without the controller's wafv2-acl-arn annotation, with another ACL, or with WAF Classic only, and
 * admitted naming the stack's ACL; internal and other controllers' Ingresses are admitted. Dry runs.
 */
import { strict as assert } from "assert";
import { EDGE_ADMISSION_POLICY, WAFV2_ACL_ANNOTATION } from "../../components/guardrails/edgeAdmissionPlan";
import { cluster, eventually, of, type Shared } from "./support/cluster";

type Reply = { status: number; body: { message?: string } };

function ingress(name: string, annotations: Record<string, string>, className?: string): Record<string, unknown> {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name, annotations },
        spec: {
            ...(className === undefined ? {} : { ingressClassName: className }),
            rules: [
                {
                    host: "shop.example.com",
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 443 } } } }] },
                },
            ],
        },
    };
}

describe("CODE-3 on a real API server: internet-facing ALB Ingresses name the stack's web ACL", () => {
    let s: Shared;
    let prefix: string;
    let user: string;
    const submit = (obj: Record<string, unknown>, ns?: string): Promise<Reply> =>
        s.client.request(user, "POST", `/apis/networking.k8s.io/v1/namespaces/${ns ?? s.team}/ingresses?dryRun=All`, obj) as Promise<Reply>;
    const denied = (r: Reply) => {
        assert.equal(r.status, 403, `${r.status}: ${r.body.message}`);
        assert.match(r.body.message ?? "", new RegExp(`ValidatingAdmissionPolicy '${EDGE_ADMISSION_POLICY}'`));
        assert.match(r.body.message ?? "", /must carry the annotation alb\.ingress\.kubernetes\.io\/wafv2-acl-arn/);
    };
    const admitted = (r: Reply) => assert.equal(r.status, 201, `${r.status}: ${r.body.message}`);
    const ours = () => `${prefix}0123abcd-4567-89ef-0123-456789abcdef`;
    const facing = { "alb.ingress.kubernetes.io/scheme": "internet-facing" };

    before(async () => {
        s = await cluster();
        const vap = of(s.objects, "ValidatingAdmissionPolicy").find((p) => p.metadata.name === EDGE_ADMISSION_POLICY);
        assert.ok(vap, "the prod stack (edgeProtection on) applies the ALB Ingress web-ACL policy");
        const msg = (vap.spec as { validations: Array<{ message: string }> }).validations[0].message;
        prefix = /\((arn:[^<]+)<id>\)/.exec(msg)![1];
        assert.match(prefix, /^arn:aws:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/edge-web-acl\/$/);
        // The team's edit role may create Ingresses; admission is what stops this one.
        user = s.users.edit;
        assert.ok(user, "the team has an edit user");
        await eventually(
            "the ALB Ingress policy judges the team namespace",
            async () => (await submit(ingress("probe", facing, "alb"))).status === 403,
        );
    });

    describe("denied: internet-facing ALB Ingress without this ACL", () => {
        const markings: Array<[string, Record<string, string>, string | undefined]> = [
            ["ingressClassName alb", facing, "alb"],
            ["the legacy kubernetes.io/ingress.class annotation", { ...facing, "kubernetes.io/ingress.class": "alb" }, undefined],
            ["no class at all (the default class may be the controller's)", facing, undefined],
            ["a scheme spelt with capitals and spaces", { "alb.ingress.kubernetes.io/scheme": " Internet-Facing " }, "alb"],
            ["a scheme value the controller does not know (fail closed)", { "alb.ingress.kubernetes.io/scheme": "public" }, "alb"],
        ];
        for (const [what, annotations, className] of markings) {
            it(`without the annotation, marked by ${what}`, async () => denied(await submit(ingress("no-acl", annotations, className))));
        }
        it("with another account's ACL", async () => {
            denied(
                await submit(ingress("other", { ...facing, [WAFV2_ACL_ANNOTATION]: ours().replace(/:\d{12}:/, ":999999999999:") }, "alb")),
            );
        });
        it("with another ACL of this account", async () => {
            denied(
                await submit(
                    ingress("other", { ...facing, [WAFV2_ACL_ANNOTATION]: ours().replace("edge-web-acl", "edge-web-acl-open") }, "alb"),
                ),
            );
        });
        it("with an empty annotation, or only the prefix", async () => {
            denied(await submit(ingress("empty", { ...facing, [WAFV2_ACL_ANNOTATION]: "" }, "alb")));
            denied(await submit(ingress("prefix", { ...facing, [WAFV2_ACL_ANNOTATION]: prefix }, "alb")));
        });
        it("with a WAF Classic web ACL id only", async () => {
            denied(
                await submit(
                    ingress(
                        "classic",
                        { ...facing, "alb.ingress.kubernetes.io/waf-acl-id": "0123abcd-4567-89ef-0123-456789abcdef" },
                        "alb",
                    ),
                ),
            );
        });
        it("when an UPDATE removes the annotation", async () => {
            // A dry-run UPDATE needs a stored object: create it (admitted), then try to strip the annotation.
            const path = `/apis/networking.k8s.io/v1/namespaces/${s.team}/ingresses`;
            const created = (await s.client.request(
                user,
                "POST",
                path,
                ingress("update-me", { ...facing, [WAFV2_ACL_ANNOTATION]: ours() }, "alb"),
            )) as Reply & { body: Record<string, unknown> };
            admitted(created);
            try {
                const stripped = {
                    ...created.body,
                    metadata: { ...(created.body.metadata as Record<string, unknown>), annotations: facing },
                };
                denied((await s.client.request(user, "PUT", `${path}/update-me?dryRun=All`, stripped)) as Reply);
            } finally {
                await s.client.request("admin", "DELETE", `${path}/update-me`);
            }
        });
    });

    describe("admitted", () => {
        it("an internet-facing ALB Ingress naming this stack's ACL", async () =>
            admitted(await submit(ingress("ours", { ...facing, [WAFV2_ACL_ANNOTATION]: ours() }, "alb"))));
        it("an internal ALB Ingress, explicit or by default", async () => {
            admitted(await submit(ingress("internal", { "alb.ingress.kubernetes.io/scheme": "internal" }, "alb")));
            admitted(await submit(ingress("default-scheme", {}, "alb")));
        });
        it("another controller's Ingress (nginx), even with the ALB scheme annotation", async () => {
            admitted(await submit(ingress("nginx", facing, "nginx")));
            admitted(await submit(ingress("nginx-legacy", { ...facing, "kubernetes.io/ingress.class": "nginx" }, undefined)));
        });
    });
});
