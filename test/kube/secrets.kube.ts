/**
 * DATA-4 against the real API server: the External Secrets CRDs of the pinned release (from its Go
 * module, as the chart would install them) are accepted and served; the stack's SecretStores passed the
 * server's schema (the shared cluster applied them); a team's edit user may create an ExternalSecret in its
 * namespace and may not create a SecretStore (nor a ClusterSecretStore, whose CRD the chart leaves out).
 */
import { strict as assert } from "assert";
import { ESO_API_VERSION, TEAM_STORE_NAME } from "../../components";
import type { Reply } from "../../tools/kube/client";
import { cluster, of, type Shared } from "./support/cluster";

const forbidden = (r: Reply) => r.status === 403 && /cannot create resource/.test((r.body as { message?: string }).message ?? "");
const base = (ns: string, plural: string) => `/apis/${ESO_API_VERSION}/namespaces/${ns}/${plural}`;

function externalSecret(ns: string) {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: "db", namespace: ns },
        spec: {
            refreshInterval: "1h",
            secretStoreRef: { kind: "SecretStore", name: TEAM_STORE_NAME },
            target: { name: "db" },
            data: [{ secretKey: "password", remoteRef: { key: "db", property: "password" } }],
        },
    };
}

describe("DATA-4 External Secrets on the real API server", () => {
    let s: Shared;
    before(async () => {
        s = await cluster();
    });

    it("the External Secrets CRDs are accepted, established, and serve external-secrets.io/v1 (v1beta1 not served)", async () => {
        const crds = of(s.objects, "CustomResourceDefinition").filter((c) => c.metadata.name.endsWith(".external-secrets.io"));
        assert.ok(crds.some((c) => c.metadata.name === "secretstores.external-secrets.io"));
        assert.ok(
            !crds.some((c) => c.metadata.name === "clustersecretstores.external-secrets.io"),
            "no cluster-wide store kind, as the chart's values",
        );
        for (const c of crds) {
            const r = await s.client.request("admin", "GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`);
            const conditions = (r.body as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions ?? [];
            assert.ok(
                conditions.some((x) => x.type === "Established" && x.status === "True"),
                `${c.metadata.name} established`,
            );
        }
        const discovery = await s.client.request("admin", "GET", `/apis/${ESO_API_VERSION}`);
        const kinds = ((discovery.body as { resources: Array<{ kind: string }> }).resources ?? []).map((r) => r.kind);
        assert.ok(kinds.includes("SecretStore") && kinds.includes("ExternalSecret"), kinds.join(", "));
        assert.equal((await s.client.request("admin", "GET", "/apis/external-secrets.io/v1beta1")).status, 404);
    });

    it("the stack's SecretStore of the team namespace is stored as written (the server's schema accepted it)", async () => {
        const mine = of(s.objects, "SecretStore").find((o) => o.metadata.namespace === s.team);
        assert.ok(mine, "the stack has a SecretStore in the team namespace");
        const r = await s.client.request("admin", "GET", `${base(s.team, "secretstores")}/${TEAM_STORE_NAME}`);
        assert.equal(r.status, 200);
        assert.deepEqual((r.body as { spec: unknown }).spec, mine.spec);
    });

    it("the server's schema refuses a SecretStore with an unknown AWS service (it does judge the spec)", async () => {
        const mine = of(s.objects, "SecretStore").find((o) => o.metadata.namespace === s.team)!;
        const spec = mine.spec as { provider: { aws: Record<string, unknown> } };
        const bad = {
            ...mine,
            metadata: { name: "bad", namespace: s.team },
            spec: { provider: { aws: { ...spec.provider.aws, service: "Vault" } } },
        };
        const r = await s.client.request("admin", "POST", `${base(s.team, "secretstores")}?dryRun=All`, bad);
        assert.equal(r.status, 422, JSON.stringify(r.body));
    });

    it("the team's edit user may create an ExternalSecret in its namespace (schema and RBAC)", async () => {
        const r = await s.client.request(s.users.edit, "POST", `${base(s.team, "externalsecrets")}?dryRun=All`, externalSecret(s.team));
        assert.equal(r.status, 201, JSON.stringify(r.body));
    });

    it("the team's view user may read ExternalSecrets and SecretStores but not create them", async () => {
        assert.equal((await s.client.request(s.users.view, "GET", base(s.team, "externalsecrets"))).status, 200);
        assert.equal((await s.client.request(s.users.view, "GET", base(s.team, "secretstores"))).status, 200);
        assert.ok(
            forbidden(
                await s.client.request(s.users.view, "POST", `${base(s.team, "externalsecrets")}?dryRun=All`, externalSecret(s.team)),
            ),
        );
    });

    it("the team's edit user may not create, change or delete a SecretStore", async () => {
        const mine = of(s.objects, "SecretStore").find((o) => o.metadata.namespace === s.team)!;
        const create = await s.client.request(s.users.edit, "POST", `${base(s.team, "secretstores")}?dryRun=All`, {
            ...mine,
            metadata: { name: "mine", namespace: s.team },
        });
        assert.ok(forbidden(create), `${create.status}: ${JSON.stringify(create.body)}`);
        const patch = await s.client.request(
            s.users.edit,
            "PATCH",
            `${base(s.team, "secretstores")}/${TEAM_STORE_NAME}?dryRun=All`,
            { spec: { provider: { aws: { role: "arn:aws:iam::123456789012:role/other" } } } },
            "application/merge-patch+json",
        );
        assert.equal(patch.status, 403);
        assert.equal(
            (await s.client.request(s.users.edit, "DELETE", `${base(s.team, "secretstores")}/${TEAM_STORE_NAME}?dryRun=All`)).status,
            403,
        );
    });

    it("an outsider may not create an ExternalSecret in the team namespace", async () => {
        assert.ok(
            forbidden(await s.client.request("outsider", "POST", `${base(s.team, "externalsecrets")}?dryRun=All`, externalSecret(s.team))),
        );
    });
});
