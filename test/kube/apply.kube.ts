/**
 * Apply: the in-cluster objects of the dev and prod stacks, as the offline check records them, applied
 * with server-side apply to a real API server: every object accepted (schemas, labels, and each admission
 * policy's CEL compiled and type-checked by the server), and every field the stack wrote stored as written.
 */
import { strict as assert } from "assert";
import { applyObjects } from "../../tools/kube/apply";
import { baselineIdentities } from "../../tools/kube/baseline";
import { Client } from "../../tools/kube/client";
import { type ControlPlane, start } from "../../tools/kube/harness";
import { cluster, eventually, objectsOf, of } from "./support/cluster";

/** Where `stored` lacks or changes a value that `written` has (the server may add fields, never drop one). */
function missing(written: unknown, stored: unknown, at = ""): string[] {
    if (written !== null && typeof written === "object") {
        if (stored === null || typeof stored !== "object") return [at || "(root)"];
        if (Array.isArray(written)) {
            if (!Array.isArray(stored) || stored.length !== written.length) return [at];
            return written.flatMap((w, i) => missing(w, stored[i], `${at}[${i}]`));
        }
        return Object.entries(written).flatMap(([k, w]) => missing(w, (stored as Record<string, unknown>)[k], `${at}.${k}`));
    }
    return written === stored ? [] : [`${at}: wrote ${JSON.stringify(written)}, stored ${JSON.stringify(stored)}`];
}

interface PolicyStatus {
    observedGeneration?: number;
    typeChecking?: { expressionWarnings?: Array<{ fieldRef: string; warning: string }> };
}

async function assertApplied(cp: Pick<ControlPlane, "server" | "caFile" | "tokens" | "kubeconfigs">, stack: string): Promise<void> {
    const objects = objectsOf(stack);
    assert.ok(objects.length > 20, `the ${stack} stack has in-cluster objects (${objects.length})`);
    const failures = await applyObjects(cp.kubeconfigs.admin, objects);
    assert.deepEqual(
        failures.map((f) => `${f.object.object.kind}/${f.object.object.metadata.name}: ${f.message}`),
        [],
    );
    const client = new Client(cp);
    try {
        const dropped: string[] = [];
        for (const o of objects) {
            const group = o.object.apiVersion.includes("/") ? `/apis/${o.object.apiVersion}` : `/api/${o.object.apiVersion}`;
            const listed = await client.request("admin", "GET", group);
            const resource = (listed.body.resources as Array<{ name: string; kind: string; namespaced: boolean }>).find(
                (x) => x.kind === o.object.kind,
            )!;
            const ns = resource.namespaced ? `/namespaces/${o.object.metadata.namespace ?? "default"}` : "";
            const stored = await client.request("admin", "GET", `${group}${ns}/${resource.name}/${o.object.metadata.name}`);
            dropped.push(...missing(o.object, stored.body).map((m) => `${o.object.kind}/${o.object.metadata.name}${m}`));
        }
        assert.deepEqual(dropped, [], "the server stores every field the stack wrote");
        for (const vap of of(objects, "ValidatingAdmissionPolicy")) {
            const path = `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${vap.metadata.name}`;
            let status: PolicyStatus = {};
            await eventually(`${vap.metadata.name} is type-checked`, async () => {
                status = ((await client.request("admin", "GET", path)).body.status ?? {}) as PolicyStatus;
                return status.observedGeneration !== undefined;
            });
            assert.deepEqual(status.typeChecking?.expressionWarnings ?? [], [], `${vap.metadata.name}: the type checker has no warning`);
        }
        for (const ns of of(objects, "Namespace")) {
            const sa = await client.request("admin", "GET", `/api/v1/namespaces/${ns.metadata.name}/serviceaccounts/default`);
            assert.equal(
                sa.body.automountServiceAccountToken,
                false,
                `${ns.metadata.name}: the default ServiceAccount does not automount its token`,
            );
            const managers = (sa.body.metadata as { managedFields: Array<{ manager: string; operation: string }> }).managedFields
                .filter((m) => m.operation === "Apply")
                .map((m) => m.manager);
            assert.deepEqual(managers, ["secure-baseline"], "the patch's own field manager owns the field");
        }
    } finally {
        client.close();
    }
}

describe("Apply: the stacks' in-cluster objects on a real API server", () => {
    it("dev: every object is accepted, every admission policy type-checks cleanly", async () => {
        const cp = await start({ identities: baselineIdentities(objectsOf("dev")) });
        try {
            await assertApplied(cp, "dev");
        } finally {
            await cp.stop();
        }
    });

    it("prod: every object is accepted, every admission policy type-checks cleanly (and applying twice changes nothing)", async () => {
        const s = await cluster();
        await assertApplied(s.cp, "prod");
    });
});
