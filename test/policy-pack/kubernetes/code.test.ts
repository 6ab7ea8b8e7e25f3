/** CODE-2 (Service exposure) and CODE-1 (Ingress TLS). */
import { strict as assert } from "assert";
import { k8sIngressTls, tlsCovers } from "../../../policy-pack/policies/code/k8s-ingress-tls";
import { k8sServiceNotExposed } from "../../../policy-pack/policies/code/k8s-service-not-exposed";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, analyze, of } from "../runtime";
import { FUTURE, JsonObject } from "./fixtures";

function service(type: string | undefined, annotations?: Record<string, string>, kind = "kubernetes:core/v1:Service"): TestResource {
    const spec: JsonObject = { selector: { app: "web" }, ports: [{ port: 443, targetPort: 8443 }] };
    if (type !== undefined) spec.type = type;
    return {
        type: kind,
        name: "web",
        props: {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "web", namespace: "team-a", ...(annotations ? { annotations } : {}) },
            spec,
        },
    };
}

function ingress(spec: JsonObject, type = "kubernetes:networking.k8s.io/v1:Ingress"): TestResource {
    return {
        type,
        name: "web",
        props: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "web", namespace: "team-a" }, spec },
    };
}

const backend = { service: { name: "web", port: { number: 443 } } };
const rule = (host?: string): JsonObject => ({ ...(host ? { host } : {}), http: { paths: [{ path: "/", pathType: "Prefix", backend }] } });

describe("CODE-2 k8s-service-not-exposed", () => {
    const p = k8sServiceNotExposed;
    for (const kind of ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"]) {
        for (const type of [undefined, "ClusterIP", "ExternalName"]) {
            it(`CODE-2: ${kind} of type ${type ?? "(default ClusterIP)"} passes`, async () => {
                assert.deepEqual((await analyze([p], service(type, undefined, kind))).diagnostics, []);
            });
        }
        for (const type of ["LoadBalancer", "NodePort"]) {
            it(`CODE-2: ${kind} of type ${type} is an advisory violation`, async () => {
                const d = of(await analyze([p], service(type, undefined, kind)), p.meta.name);
                assert.equal(d.length, 1);
                assert.equal(d[0].enforcementLevel, "advisory");
                assert.match(d[0].message, new RegExp(`\\[CODE-2\\] Service(Patch)? "web" is of type ${type}`));
            });
        }
    }
    it("CODE-2: mandatory when the pack config says so", async () => {
        const d = of(await analyze([p], service("LoadBalancer"), { [p.meta.name]: "mandatory" }), p.meta.name);
        assert.equal(d[0].enforcementLevel, "mandatory");
    });
    it("CODE-2: an intended public entry point is exempted by annotation", async () => {
        const d = of(
            await analyze(
                [p],
                service("LoadBalancer", {
                    "secure-baseline.io/exempt-k8s-service-not-exposed": `public ingress controller; expires=${FUTURE}`,
                }),
            ),
            p.meta.name,
        );
        assert.match(d[0].message, /\[note\].*public ingress controller/);
    });
    it("CODE-2: an unknown type fails closed (at the policy's level)", async () => {
        const d = of(await analyze([p], service(UNKNOWN)), p.meta.name);
        assert.match(d[0].message, /spec.type .*unknown at preview/);
    });
});

describe("CODE-1 k8s-ingress-tls", () => {
    const p = k8sIngressTls;
    const kinds = [
        "kubernetes:networking.k8s.io/v1:Ingress",
        "kubernetes:networking.k8s.io/v1beta1:Ingress",
        "kubernetes:extensions/v1beta1:Ingress",
        "kubernetes:networking.k8s.io/v1:IngressPatch",
    ];
    for (const kind of kinds) {
        it(`CODE-1: ${kind} with TLS covering every host passes`, async () => {
            const spec = {
                rules: [rule("web.example.com"), rule("api.example.com")],
                tls: [
                    { hosts: ["web.example.com"], secretName: "web-tls" },
                    { hosts: ["*.example.com"], secretName: "wild" },
                ],
            };
            assert.deepEqual((await analyze([p], ingress(spec, kind))).diagnostics, []);
        });
        it(`CODE-1: ${kind} with a host outside its TLS entries is a mandatory violation`, async () => {
            const spec = {
                rules: [rule("web.example.com"), rule("admin.example.org")],
                tls: [{ hosts: ["web.example.com"], secretName: "web-tls" }],
            };
            const d = of(await analyze([p], ingress(spec, kind)), p.meta.name);
            assert.equal(d.length, 1);
            assert.equal(d[0].enforcementLevel, "mandatory");
            assert.match(d[0].message, /\[CODE-1\] Ingress(Patch)? "web" routes "admin.example.org" without a TLS entry covering it/);
        });
    }
    it("CODE-1: an Ingress without spec.tls is a violation; an IngressPatch without it is not judged", async () => {
        const d = of(await analyze([p], ingress({ rules: [rule("web.example.com")] })), p.meta.name);
        assert.match(d[0].message, /has no spec.tls, so it serves plain HTTP/);
        assert.deepEqual(
            (await analyze([p], ingress({ rules: [rule("web.example.com")] }, "kubernetes:networking.k8s.io/v1:IngressPatch"))).diagnostics,
            [],
        );
    });
    it("CODE-1: a default-backend-only Ingress needs TLS too", async () => {
        const d = of(await analyze([p], ingress({ defaultBackend: backend })), p.meta.name);
        assert.equal(d.length, 1);
    });
    it("CODE-1: unknown TLS or hosts fail closed", async () => {
        const tls = of(await analyze([p], ingress({ rules: [rule("web.example.com")], tls: UNKNOWN_ARRAY })), p.meta.name);
        assert.match(tls[0].message, /spec.tls .*unknown at preview/);
        const host = of(await analyze([p], ingress({ rules: [rule("web.example.com")], tls: [{ hosts: [UNKNOWN] }] })), p.meta.name);
        assert.match(host[0].message, /spec.tls.0.hosts.* unknown at preview/);
    });
    it("CODE-1: exemption by annotation", async () => {
        const r = await analyze([p], {
            ...ingress({ rules: [rule("a.example.com")] }),
            props: {
                metadata: {
                    name: "web",
                    annotations: { "secure-baseline.io/exempt-k8s-ingress-tls": `TLS ends at the ALB; expires=${FUTURE}` },
                },
                spec: { rules: [rule("a.example.com")] },
            },
        });
        assert.equal(r.diagnostics[0].enforcementLevel, "advisory");
    });
    it("CODE-1: wildcard TLS hosts cover exactly one label", () => {
        assert.ok(tlsCovers("*.example.com", "web.example.com"));
        assert.ok(tlsCovers("WEB.example.com", "web.EXAMPLE.com"));
        assert.ok(!tlsCovers("*.example.com", "a.b.example.com"));
        assert.ok(!tlsCovers("*.example.com", "example.com"));
        assert.ok(!tlsCovers("web.example.com", "api.example.com"));
    });
});
