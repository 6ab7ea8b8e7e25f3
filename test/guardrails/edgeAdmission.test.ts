/**
 * CODE-3 in the cluster: the ALB Ingress web-ACL admission policy's plan, its wiring in ClusterGuardrails
 * and its validation. What it admits and denies is judged by the real API server: test/kube/edge.kube.ts.
 */
import { strict as assert } from "assert";
import {
    ClusterGuardrails,
    EDGE_ADMISSION_POLICY,
    planEdgeAdmissionBinding,
    planEdgeAdmissionPolicy,
    webAclArnPrefix,
    webAclName,
} from "../../components";
import { edgeAdmissionArgsError } from "../../components/guardrails/edgeAdmissionPlan";
import { ValidationError } from "../../components/common/validation";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { runExpectingError, runWithCluster } from "./support/run";
import { validateManifest } from "./support/schema";

const PREFIX = `arn:aws:wafv2:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:regional/webacl/edge-web-acl/`;
const ecr = { accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION };
const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const VAPB = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

describe("CODE-3 ALB Ingress web-ACL admission policy", () => {
    it("CODE-3: the ACL's ARN prefix comes from its fixed name, known at preview", () => {
        assert.equal(webAclName("edge"), "edge-web-acl");
        assert.equal(webAclArnPrefix({ partition: "aws", region: MOCK_REGION, accountId: MOCK_ACCOUNT_ID }, "edge"), PREFIX);
        assert.equal(
            webAclArnPrefix({ partition: "aws-us-gov", region: "us-gov-west-1", accountId: MOCK_ACCOUNT_ID }, "edge"),
            `arn:aws-us-gov:wafv2:us-gov-west-1:${MOCK_ACCOUNT_ID}:regional/webacl/edge-web-acl/`,
        );
    });

    it("CODE-3: judges Ingress CREATE and UPDATE outside the system namespaces, fails closed, names the prefix", () => {
        const p = planEdgeAdmissionPolicy({ webAclArnPrefix: PREFIX });
        validateManifest(p);
        assert.equal(p.metadata?.name, EDGE_ADMISSION_POLICY);
        assert.equal(p.spec?.failurePolicy, "Fail");
        assert.deepEqual(p.spec?.matchConstraints?.resourceRules, [
            { apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] },
        ]);
        assert.deepEqual(p.spec?.matchConstraints?.namespaceSelector?.matchExpressions?.[0].values, [
            "kube-system",
            "kube-public",
            "kube-node-lease",
        ]);
        assert.match(
            p.spec?.validations?.[0].message ?? "",
            new RegExp(
                `alb\\.ingress\\.kubernetes\\.io/wafv2-acl-arn naming this cluster's WAF web ACL \\(${PREFIX.replace(/[/.]/g, "\\$&")}<id>\\)`,
            ),
        );
        const vars = Object.fromEntries((p.spec?.variables ?? []).map((v) => [v.name, v.expression]));
        assert.match(vars.isAlb, /in \['alb'\]/);
        assert.match(vars.namesOurAcl, new RegExp(`startsWith\\('${PREFIX.replace(/[/.]/g, "\\$&")}'\\)`));
        const custom = Object.fromEntries(
            (
                planEdgeAdmissionPolicy({
                    webAclArnPrefix: PREFIX,
                    albIngressClasses: ["alb", "public-alb"],
                    internetFacingIngressClasses: ["public-alb"],
                }).spec?.variables ?? []
            ).map((v) => [v.name, v.expression]),
        );
        assert.match(custom.isAlb, /in \['alb', 'public-alb'\]/);
        assert.match(custom.internetFacing, /in \['public-alb'\]/);
    });

    it("CODE-3: the binding follows auditOnly and the exempt namespaces like K8S-6", () => {
        const deny = planEdgeAdmissionBinding(false, ["amazon-guardduty"]);
        validateManifest(deny);
        assert.deepEqual(deny.spec?.validationActions, ["Deny"]);
        assert.ok(deny.spec?.matchResources?.namespaceSelector?.matchExpressions?.[0].values?.includes("amazon-guardduty"));
        assert.deepEqual(planEdgeAdmissionBinding(true, []).spec?.validationActions, ["Audit", "Warn"]);
    });

    it("CODE-3: ClusterGuardrails registers it only with `edge`", async () => {
        const without = await runWithCluster((provider) => new ClusterGuardrails("guard", { ecr, imageSigning: false }, { provider }));
        assert.equal(without.ofType(VAP).filter((r) => r.name.endsWith("alb-ingress-waf")).length, 0);
        const withEdge = await runWithCluster(
            (provider) => new ClusterGuardrails("guard", { ecr, imageSigning: false, edge: { webAclArnPrefix: PREFIX } }, { provider }),
        );
        const vap = withEdge.ofType(VAP).filter((r) => r.name === "guard-vap-alb-ingress-waf");
        const vapb = withEdge.ofType(VAPB).filter((r) => r.name === "guard-vapb-alb-ingress-waf");
        assert.equal(vap.length, 1);
        assert.equal(vapb.length, 1);
        assert.deepEqual(vapb[0].dependsOn, [`${VAP}::guard-vap-alb-ingress-waf`]);
    });

    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
        [
            "an ACL ARN (with its id) instead of the prefix",
            { webAclArnPrefix: `${PREFIX}0123abcd` },
            /edge\.webAclArnPrefix ".*0123abcd" is not a regional WAFv2 web ACL ARN prefix/,
        ],
        [
            "a CloudFront (global) ACL",
            { webAclArnPrefix: `arn:aws:wafv2:us-east-1:${MOCK_ACCOUNT_ID}:global/webacl/edge-web-acl/` },
            /is not a regional WAFv2 web ACL ARN prefix/,
        ],
        [
            "a class name with a quote",
            { webAclArnPrefix: PREFIX, albIngressClasses: ["alb'"] },
            /edge\.albIngressClasses\[0\] "alb'" is not an IngressClass name/,
        ],
        [
            "an internet-facing class that is not an ALB class",
            { webAclArnPrefix: PREFIX, internetFacingIngressClasses: ["nginx"] },
            /edge\.internetFacingIngressClasses\[0\] "nginx" is not one of albIngressClasses \(alb\)/,
        ],
    ];
    for (const [what, edge, message] of bad) {
        it(`CODE-3: refuses ${what}, before any resource`, async () => {
            const problem = edgeAdmissionArgsError(edge as never);
            assert.ok(problem !== undefined);
            assert.match(new ValidationError(problem).message, message);
            const { message: got, registered } = await runExpectingError(
                (provider) => new ClusterGuardrails("guard", { ecr, imageSigning: false, edge: edge as never }, { provider }),
            );
            assert.match(got, message);
            assert.deepEqual(registered, []);
        });
    }
});
