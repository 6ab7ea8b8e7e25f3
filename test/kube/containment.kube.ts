/**
 * DET-9 against the real API server, with the prod stack's objects applied (the containment
 * ClusterRole and its RoleBindings among them): the function's group may get and patch pods and create
 * events in the team namespaces and nothing else anywhere, and the function's own Kubernetes client and
 * decision, run with that group's token, label a pod that the namespace's quarantine policy then selects.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { CONTAINMENT_GROUP } from "../../components";
import { POLICY_NAMES, QUARANTINE_LABEL } from "../../components/guardrails/constants";
import { FINDING_ANNOTATION, type Publisher, type Report, type Settings, handleFinding } from "../../functions/containment/handler";
import { httpsKube } from "../../functions/containment/kube";
import { userForGroup } from "../../tools/kube/baseline";
import { runtimeFinding } from "../response/findings";
import { cluster, create, eventually, of, pod, type Shared, teamNamespaces } from "./support/cluster";

const USER = userForGroup(CONTAINMENT_GROUP);

interface Attr {
    readonly verb: string;
    readonly resource: string;
    readonly namespace?: string;
    readonly subresource?: string;
    readonly group?: string;
}

async function allowed(s: Shared, a: Attr): Promise<boolean> {
    const r = await s.client.request(USER, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: {
            resourceAttributes: {
                verb: a.verb,
                resource: a.resource,
                namespace: a.namespace,
                subresource: a.subresource,
                group: a.group ?? "",
            },
        },
    });
    assert.equal(r.status, 201, `access review: ${r.status} ${r.body.message}`);
    return (r.body.status as { allowed: boolean }).allowed;
}

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Label selector semantics (matchLabels AND every expression), as the network policy controller applies them. */
function selects(sel: Selector, labels: Record<string, string>): boolean {
    const byLabels = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpr = (sel.matchExpressions ?? []).every((e) => {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        switch (e.operator) {
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            case "In":
                return has && (e.values ?? []).includes(labels[e.key]);
            case "NotIn":
                return !has || !(e.values ?? []).includes(labels[e.key]);
            default:
                throw new Error(`unknown operator ${e.operator}`);
        }
    });
    return byLabels && byExpr;
}

class Recorder implements Publisher {
    readonly reports: Report[] = [];
    async publish(_subject: string, report: Report): Promise<void> {
        this.reports.push(report);
    }
}

describe("DET-9 on a real API server: the containment function's identity and effect", () => {
    let s: Shared;
    before(async () => {
        s = await cluster();
        assert.ok(s.cp.tokens[USER], `the stack binds ${CONTAINMENT_GROUP}, so the harness made user ${USER}`);
    });

    it("the stack binds the group in every team namespace and nowhere else", () => {
        const bindings = of(s.objects, "RoleBinding").filter((b) =>
            (b.subjects as Array<{ name: string }>).some((x) => x.name === CONTAINMENT_GROUP),
        );
        assert.deepEqual(bindings.map((b) => b.metadata.namespace).sort(), teamNamespaces(s.objects));
        assert.ok(
            !of(s.objects, "ClusterRoleBinding").some((b) =>
                (b.subjects as Array<{ name: string }>).some((x) => x.name === CONTAINMENT_GROUP),
            ),
        );
    });

    describe("RBAC matrix (SelfSubjectAccessReview as the function's group)", () => {
        const inTeam = (verb: string, resource: string, extra: Partial<Attr> = {}) => ({ verb, resource, ...extra });
        const yes: Array<Partial<Attr> & { verb: string; resource: string }> = [
            inTeam("get", "pods"),
            inTeam("patch", "pods"),
            inTeam("create", "events"),
        ];
        const no: Array<Partial<Attr> & { verb: string; resource: string }> = [
            inTeam("list", "pods"),
            inTeam("watch", "pods"),
            inTeam("create", "pods"),
            inTeam("update", "pods"),
            inTeam("delete", "pods"),
            inTeam("deletecollection", "pods"),
            inTeam("create", "pods", { subresource: "exec" }),
            inTeam("create", "pods", { subresource: "attach" }),
            inTeam("create", "pods", { subresource: "portforward" }),
            inTeam("patch", "pods", { subresource: "ephemeralcontainers" }),
            inTeam("patch", "pods", { subresource: "status" }),
            inTeam("create", "pods", { subresource: "eviction" }),
            inTeam("get", "pods", { subresource: "log" }),
            inTeam("get", "events"),
            inTeam("list", "events"),
            inTeam("patch", "events"),
            inTeam("delete", "events"),
            inTeam("get", "secrets"),
            inTeam("get", "configmaps"),
            inTeam("patch", "serviceaccounts"),
            inTeam("create", "serviceaccounts", { subresource: "token" }),
            inTeam("patch", "deployments", { group: "apps" }),
            inTeam("delete", "networkpolicies", { group: "networking.k8s.io" }),
            inTeam("create", "rolebindings", { group: "rbac.authorization.k8s.io" }),
            inTeam("patch", "roles", { group: "rbac.authorization.k8s.io" }),
        ];
        for (const a of yes) {
            it(`team namespace: ${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ""}: allowed`, async () => {
                assert.equal(await allowed(s, { ...a, namespace: s.team }), true);
            });
        }
        for (const a of no) {
            it(`team namespace: ${a.verb} ${a.group ? `${a.group}/` : ""}${a.resource}${a.subresource ? `/${a.subresource}` : ""}: forbidden`, async () => {
                assert.equal(await allowed(s, { ...a, namespace: s.team }), false);
            });
        }
        for (const ns of ["kube-system", "default", "amazon-guardduty"]) {
            for (const a of yes) {
                it(`${ns}: ${a.verb} ${a.resource}: forbidden (no binding outside the team namespaces)`, async () => {
                    assert.equal(await allowed(s, { ...a, namespace: ns }), false);
                });
            }
        }
        for (const a of [
            { verb: "list", resource: "namespaces" },
            { verb: "get", resource: "nodes" },
            { verb: "list", resource: "pods" },
            { verb: "patch", resource: "pods" },
        ]) {
            it(`cluster-wide: ${a.verb} ${a.resource}: forbidden`, async () => {
                assert.equal(await allowed(s, a), false);
            });
        }

        it("its rules in the team namespace are exactly get/patch pods and create events, beyond what every user may do", async () => {
            const rules = async (namespace: string) => {
                const r = await s.client.request(USER, "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
                    apiVersion: "authorization.k8s.io/v1",
                    kind: "SelfSubjectRulesReview",
                    spec: { namespace },
                });
                assert.equal(r.status, 201, `${r.status} ${r.body.message}`);
                return (
                    (r.body.status as { resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[] }> })
                        .resourceRules ?? []
                ).map((x) => JSON.stringify([x.apiGroups, x.resources, [...x.verbs].sort()]));
            };
            // What an outsider (authenticated, no bindings) gets is what every user gets (self reviews, discovery).
            const outsider = await s.client.request("outsider", "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
                apiVersion: "authorization.k8s.io/v1",
                kind: "SelfSubjectRulesReview",
                spec: { namespace: s.team },
            });
            const base = new Set(
                (
                    (outsider.body.status as { resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[] }> })
                        .resourceRules ?? []
                ).map((x) => JSON.stringify([x.apiGroups, x.resources, [...x.verbs].sort()])),
            );
            const extra = (await rules(s.team)).filter((r) => !base.has(r)).sort();
            assert.deepEqual(
                extra,
                [JSON.stringify([[""], ["events"], ["create"]]), JSON.stringify([[""], ["pods"], ["get", "patch"]])].sort(),
            );
            assert.deepEqual(
                (await rules("kube-system")).filter((r) => !base.has(r)),
                [],
            );
        });
    });

    describe("the function's client and decision, with the group's token", () => {
        const settings = (team: string, dryRun = false): Settings => ({
            clusterName: "secure-baseline-prod",
            findingTypes: ["Execution:Runtime/ReverseShell"],
            minSeverity: 7,
            quarantineLabel: QUARANTINE_LABEL,
            namespaces: [team],
            dryRun,
        });
        const kube = () => httpsKube(s.cp.server, fs.readFileSync(s.cp.caFile), () => s.cp.tokens[USER]);
        const getPod = async (name: string) => {
            const r = await s.client.request("admin", "GET", `/api/v1/namespaces/${s.team}/pods/${name}`);
            assert.equal(r.status, 200, `${r.status} ${r.body.message}`);
            return r.body.metadata as { uid: string; labels?: Record<string, string>; annotations?: Record<string, string> };
        };
        const made = async (name: string) => {
            const r = await create(s, "admin", s.team, pod(name, s.registry));
            assert.ok(r.status === 201 || r.status === 409, `${r.status}: ${r.body.message}`);
            return (await getPod(name)).uid;
        };

        it("labels the pod the finding names; the namespace's quarantine policy then selects it and no allow policy does", async () => {
            const uid = await made("contain-me");
            const topic = new Recorder();
            const finding = runtimeFinding({ cluster: "secure-baseline-prod", namespace: s.team, pod: "contain-me", uid });
            const report = await handleFinding(finding, settings(s.team), kube(), topic);
            assert.equal(report.outcome, "quarantined", report.detail);
            const meta = await getPod("contain-me");
            assert.equal(meta.labels?.[QUARANTINE_LABEL], "true");
            assert.equal(meta.annotations?.[FINDING_ANNOTATION], (finding.detail as { id: string }).id);
            assert.deepEqual(
                topic.reports.map((r) => r.outcome),
                ["quarantined"],
            );

            const events = await s.client.request(
                "admin",
                "GET",
                `/api/v1/namespaces/${s.team}/events?fieldSelector=involvedObject.name%3Dcontain-me`,
            );
            const items = events.body.items as Array<{ reason: string; involvedObject: { uid: string }; source: { component: string } }>;
            assert.ok(
                items.some(
                    (e) =>
                        e.reason === "Quarantined" && e.involvedObject.uid === uid && e.source.component === "secure-baseline-containment",
                ),
                JSON.stringify(items),
            );

            const policies = await s.client.request("admin", "GET", `/apis/networking.k8s.io/v1/namespaces/${s.team}/networkpolicies`);
            const list = policies.body.items as Array<{
                metadata: { name: string };
                spec: { podSelector: Selector; policyTypes: string[] };
            }>;
            const labels = meta.labels ?? {};
            const quarantine = list.find((p) => p.metadata.name === POLICY_NAMES.quarantine);
            assert.ok(quarantine, "the namespace has the quarantine policy");
            assert.equal(selects(quarantine.spec.podSelector, labels), true, "the quarantine policy selects the labelled pod");
            const allow = list.filter((p) => p.metadata.name !== POLICY_NAMES.quarantine && p.metadata.name !== POLICY_NAMES.defaultDeny);
            assert.ok(allow.length > 0);
            for (const p of allow) assert.equal(selects(p.spec.podSelector, labels), false, `${p.metadata.name} no longer selects it`);
            // Before the label, the allow policies did select a pod like it.
            const before = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== QUARANTINE_LABEL));
            assert.ok(
                allow.some((p) => selects(p.spec.podSelector, before)),
                "an allow policy selected the pod before",
            );
        });

        it("a finding about a pod that no longer exists is reported (404 from the server), not retried", async () => {
            const topic = new Recorder();
            const report = await handleFinding(
                runtimeFinding({ cluster: "secure-baseline-prod", namespace: s.team, pod: "gone-already" }),
                settings(s.team),
                kube(),
                topic,
            );
            assert.equal(report.outcome, "pod-missing");
            assert.equal(topic.reports.length, 1);
        });

        it("dry run leaves the pod unlabelled", async () => {
            const uid = await made("dry-run-target");
            const report = await handleFinding(
                runtimeFinding({ cluster: "secure-baseline-prod", namespace: s.team, pod: "dry-run-target", uid }),
                settings(s.team, true),
                kube(),
                new Recorder(),
            );
            assert.equal(report.outcome, "dry-run");
            assert.equal((await getPod("dry-run-target")).labels?.[QUARANTINE_LABEL], undefined);
        });

        it("patch pods covers metadata only: the stack's admission policy refuses a spec change (an image swap) by the group", async () => {
            await made("image-target");
            const path = `/api/v1/namespaces/${s.team}/pods/image-target`;
            const swap = { spec: { containers: [{ name: "app", image: `${s.registry}/payments/api:9.9.9` }] } };
            const strategic = "application/strategic-merge-patch+json";
            await eventually("the containment admission policy is in force", async () => {
                const r = await s.client.request(USER, "PATCH", `${path}?dryRun=All`, swap, strategic);
                return r.status === 403 && /may change a pod's labels and annotations, never its spec/.test(r.body.message ?? "");
            });
            // The same change by an admin passes admission (the policy is about the group, not the change).
            const admin = await s.client.request("admin", "PATCH", `${path}?dryRun=All`, swap, strategic);
            assert.equal(admin.status, 200, `${admin.status} ${admin.body.message}`);
            const label = await s.client.request(
                USER,
                "PATCH",
                `${path}?dryRun=All`,
                { metadata: { labels: { [QUARANTINE_LABEL]: "true" } } },
                "application/merge-patch+json",
            );
            assert.equal(label.status, 200, `${label.status} ${label.body.message}`);
        });

        it("outside its namespaces the same client is refused by RBAC (the function's settings are not the only guard)", async () => {
            await assert.rejects(kube().getPod("kube-system", "anything"), /HTTP 403/);
            await assert.rejects(kube().labelPod("default", "anything", { [QUARANTINE_LABEL]: "true" }, {}), /HTTP 403/);
        });
    });
});
