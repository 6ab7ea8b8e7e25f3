/**
 * K8S-5 against the real API server: every cell of the RBAC matrix in docs/guardrails.md, sent as a
 * real request with that identity's token. "yes": the authorizer lets it through (a write is a dry run);
 * "no": 403 from the authorizer ("... cannot <verb> resource ..."), not from admission.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Reply } from "../../tools/kube/client";
import { cluster, create, pod, podSpec, type Shared, workload } from "./support/cluster";

const DOC = path.join(__dirname, "..", "..", "docs", "guardrails.md");
const TARGET = "target";
const MERGE = "application/merge-patch+json";
const STRATEGIC = "application/strategic-merge-patch+json";

interface Matrix {
    readonly columns: string[];
    readonly rows: Array<{ request: string; cells: boolean[] }>;
}

/** The table under "## RBAC matrix" in docs/guardrails.md. */
function readMatrix(): Matrix {
    const text = fs.readFileSync(DOC, "utf8");
    const start = text.indexOf("## RBAC matrix");
    assert.ok(start >= 0, "docs/guardrails.md has an RBAC matrix section");
    const lines = text
        .slice(start)
        .split("\n")
        .filter((l) => l.startsWith("|"));
    const cells = (l: string) =>
        l
            .split("|")
            .slice(1, -1)
            .map((c) => c.trim());
    const [header, , ...body] = lines;
    return {
        columns: cells(header).slice(1),
        rows: body.map((l) => {
            const [request, ...values] = cells(l);
            for (const v of values) assert.ok(v === "yes" || v === "no", `cell "${v}" of "${request}" is yes or no`);
            return { request, cells: values.map((v) => v === "yes") };
        }),
    };
}

type Send = (s: Shared, as: string) => Promise<Reply>;

function requests(ns: string, other: string): Record<string, Send> {
    const pods = `/api/v1/namespaces/${ns}/pods`;
    const dry = "dryRun=All";
    const deploy = (s: Shared) => workload("Deployment", "rbac-probe", podSpec(s.registry));
    const req = (
        s: Shared,
        as: string,
        method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT",
        p: string,
        body?: unknown,
        type?: string,
        headers?: Record<string, string>,
    ) => s.client.request(as, method, p, body, type, headers);
    return {
        "get a pod": (s, as) => req(s, as, "GET", `${pods}/${TARGET}`),
        "list pods": (s, as) => req(s, as, "GET", pods),
        "read a pod's log": (s, as) => req(s, as, "GET", `${pods}/${TARGET}/log`),
        "create a pod": (s, as) => create(s, as, ns, pod("rbac-probe", s.registry), true),
        "delete a pod": (s, as) => req(s, as, "DELETE", `${pods}/${TARGET}?${dry}`),
        "set the quarantine label on a pod": (s, as) =>
            req(s, as, "PATCH", `${pods}/${TARGET}?${dry}`, { metadata: { labels: { quarantine: "true" } } }, MERGE),
        "remove the quarantine label from a pod": (s, as) =>
            req(s, as, "PATCH", `${pods}/${TARGET}?${dry}`, { metadata: { labels: { quarantine: null } } }, MERGE),
        "exec into a pod": (s, as) => req(s, as, "POST", `${pods}/${TARGET}/exec?command=true&stdout=true`),
        "attach to a pod": (s, as) => req(s, as, "POST", `${pods}/${TARGET}/attach?stdout=true`),
        "port-forward to a pod": (s, as) => req(s, as, "POST", `${pods}/${TARGET}/portforward?ports=8080`),
        "add an ephemeral container": (s, as) => {
            const c: Record<string, unknown> = { ...(podSpec(s.registry).containers as Array<Record<string, unknown>>)[0], name: "debug" };
            delete c.resources;
            return req(s, as, "PATCH", `${pods}/${TARGET}/ephemeralcontainers?${dry}`, { spec: { ephemeralContainers: [c] } }, STRATEGIC);
        },
        "create a deployment": (s, as) => create(s, as, ns, deploy(s), true),
        "delete a deployment": (s, as) => req(s, as, "DELETE", `/apis/apps/v1/namespaces/${ns}/deployments/${TARGET}?${dry}`),
        "get a secret": (s, as) => req(s, as, "GET", `/api/v1/namespaces/${ns}/secrets/${TARGET}`),
        "list secrets": (s, as) => req(s, as, "GET", `/api/v1/namespaces/${ns}/secrets`),
        "create a secret": (s, as) =>
            req(s, as, "POST", `/api/v1/namespaces/${ns}/secrets?${dry}`, {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "probe" },
                stringData: { a: "b" },
            }),
        "create a role": (s, as) =>
            req(s, as, "POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles?${dry}`, {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "Role",
                metadata: { name: "probe" },
                rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }],
            }),
        "create a role binding": (s, as) =>
            req(s, as, "POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings?${dry}`, {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                metadata: { name: "probe" },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "secure-baseline-view" },
                subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "someone" }],
            }),
        "escalate: add secrets to the view role": (s, as) =>
            req(
                s,
                as,
                "PATCH",
                `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles/secure-baseline-view?${dry}`,
                {
                    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
                },
                MERGE,
            ),
        "bind: bind oneself to cluster-admin in the namespace": (s, as) =>
            req(s, as, "POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings?${dry}`, {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                metadata: { name: "self-admin" },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: as }],
            }),
        "impersonate admin": (s, as) =>
            req(s, as, "GET", pods, undefined, undefined, { "Impersonate-User": "admin", "Impersonate-Group": "system:masters" }),
        "list namespaces": (s, as) => req(s, as, "GET", "/api/v1/namespaces"),
        "create a namespace": (s, as) =>
            req(s, as, "POST", `/api/v1/namespaces?${dry}`, { apiVersion: "v1", kind: "Namespace", metadata: { name: "probe" } }),
        "delete the team namespace": (s, as) => req(s, as, "DELETE", `/api/v1/namespaces/${ns}?${dry}`),
        "list nodes": (s, as) => req(s, as, "GET", "/api/v1/nodes"),
        "delete the default-deny network policy": (s, as) =>
            req(s, as, "DELETE", `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/default-deny-all?${dry}`),
        "change the resource quota": (s, as) =>
            req(
                s,
                as,
                "PATCH",
                `/api/v1/namespaces/${ns}/resourcequotas/baseline-quota?${dry}`,
                { spec: { hard: { pods: "1000" } } },
                MERGE,
            ),
        "delete the limit range": (s, as) =>
            req(s, as, "DELETE", `/api/v1/namespaces/${ns}/limitranges/baseline-container-defaults?${dry}`),
        "list pods in the other team's namespace (search)": (s, as) => req(s, as, "GET", `/api/v1/namespaces/${other}/pods`),
        "create a deployment in kube-system": (s, as) => create(s, as, "kube-system", deploy(s), true),
    };
}

/** A 403 the authorizer gave (admission denials are 403 too, but say why differently). */
function forbiddenByRbac(r: Reply): boolean {
    return r.status === 403 && /cannot [a-z]+ resource|cannot impersonate/.test(r.body.message ?? "");
}

describe("K8S-5 on a real API server: the RBAC matrix of docs/guardrails.md, cell by cell", () => {
    const matrix = readMatrix();
    let s: Shared;
    let identity: Record<string, string>;
    before(async () => {
        s = await cluster();
        identity = {
            admin: "admin",
            "break-glass": s.users["break-glass"],
            edit: s.users.edit,
            view: s.users.view,
            "other team": "search-edit",
            outsider: "outsider",
        };
        const ns = s.team;
        const made = [
            await create(s, "admin", ns, pod(TARGET, s.registry)),
            await create(s, "admin", ns, workload("Deployment", TARGET, podSpec(s.registry))),
            await s.client.request("admin", "POST", `/api/v1/namespaces/${ns}/secrets`, {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: TARGET },
                stringData: { a: "b" },
            }),
        ];
        for (const r of made) assert.ok(r.status === 201 || r.status === 409, `${r.status}: ${r.body.message}`);
    });

    it("the matrix names the identities the tests use, and a request for every row", () => {
        assert.deepEqual(matrix.columns, ["admin", "break-glass", "edit", "view", "other team", "outsider"]);
        assert.deepEqual(matrix.rows.map((r) => r.request).sort(), Object.keys(requests("a", "b")).sort());
    });

    for (const row of matrix.rows) {
        matrix.columns.forEach((column, i) => {
            const allowed = row.cells[i];
            it(`${column}: ${row.request}: ${allowed ? "allowed" : "forbidden"}`, async () => {
                const send = requests(s.team, "search")[row.request];
                const r = await send(s, identity[column]);
                if (allowed) {
                    assert.ok(!forbiddenByRbac(r), `expected RBAC to allow, got ${r.status}: ${r.body.message}`);
                    assert.ok(r.status !== 401, "authenticated");
                } else {
                    assert.ok(forbiddenByRbac(r), `expected 403 from RBAC, got ${r.status}: ${r.body.message}`);
                }
            });
        });
    }
});
