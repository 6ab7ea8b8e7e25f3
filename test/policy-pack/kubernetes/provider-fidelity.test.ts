/**
 * The provider path end to end through @pulumi/policy 1.21's real server functions: an
 * AnalyzeRequest / AnalyzerResource carrying `provider` (as the engine sends it) reaches the
 * k8s policies as ResourceView.provider, and gives the same diagnostics as the test
 * adapters in provider.ts. This is what proves the framework addition (lib ProviderView).
 */
import { strict as assert } from "assert";
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { k8sNamespaceDefaultDeny } from "../../../policy-pack/policies/cluster/k8s-namespace-default-deny";
import { k8sNoDefaultNamespace } from "../../../policy-pack/policies/cluster/k8s-no-default-namespace";
import { TestResource, analyze, analyzeStack, urnOf } from "../runtime";
import { Handler, sdkServer } from "../sdk-server";
import { PROVIDER_TYPE, TestProvider, providerUrn, withProvider, withProviders } from "./provider";

type Reply = analyzerpb.AnalyzeResponse;
type Rpc = Handler<Reply>;

const toStruct = (v: Record<string, unknown>) => structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));

function providerMessage(p: TestProvider): analyzerpb.AnalyzerProviderResource {
    const m = new analyzerpb.AnalyzerProviderResource();
    m.setType(PROVIDER_TYPE);
    m.setName(p.name);
    m.setUrn(providerUrn(p));
    m.setProperties(toStruct(p.props));
    return m;
}

function messages(reply: Reply): string[] {
    return reply.getDiagnosticsList().map((d) => `${d.getPolicyname()}|${d.getEnforcementlevel()}|${d.getMessage()}`);
}

function invoke(fn: Rpc, request: unknown): Promise<string[]> {
    return new Promise((resolve, reject) => void fn({ request }, (err, reply) => (err || !reply ? reject(err) : resolve(messages(reply)))));
}

const LEVEL: Record<string, number> = { advisory: analyzerpb.EnforcementLevel.ADVISORY, mandatory: analyzerpb.EnforcementLevel.MANDATORY };

const configMap: TestResource = {
    type: "kubernetes:core/v1:ConfigMap",
    name: "settings",
    props: { metadata: { name: "settings" }, data: { a: "b" } },
};

describe("K8S-1/K8S-2 provider namespace through the real @pulumi/policy 1.21 server", () => {
    for (const ns of ["team-a", "default"]) {
        it(`K8S-1: Analyze with a provider whose namespace is "${ns}" matches the adapter`, async () => {
            const provider: TestProvider = { name: "k8s", props: { namespace: ns } };
            const req = new analyzerpb.AnalyzeRequest();
            req.setType(configMap.type);
            req.setName(configMap.name);
            req.setUrn(urnOf(configMap.type, configMap.name));
            req.setProperties(toStruct(configMap.props));
            req.setOptions(new analyzerpb.AnalyzerResourceOptions());
            req.setProvider(providerMessage(provider));
            const real = await invoke(
                sdkServer.makeAnalyzeRpcFun("secure-baseline", "0.1.0", "advisory", [k8sNoDefaultNamespace.policy]),
                req,
            );
            const mine = (await analyze([withProvider(k8sNoDefaultNamespace, provider)], configMap)).diagnostics.map(
                (d) => `${d.policyName}|${LEVEL[d.enforcementLevel]}|${d.message}`,
            );
            assert.deepEqual(real, mine);
            assert.equal(real.length, ns === "default" ? 1 : 0);
        });
    }

    it("K8S-2: AnalyzeStack links a NetworkPolicy through its provider's namespace, as the adapter does", async () => {
        const provider: TestProvider = { name: "team-a-k8s", props: { namespace: "team-a" } };
        const resources: TestResource[] = [
            { type: "kubernetes:core/v1:Namespace", name: "team-a", props: { metadata: { name: "team-a" } } },
            { type: PROVIDER_TYPE, name: provider.name, props: provider.props },
            {
                type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                name: "deny",
                props: { metadata: { name: "deny" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
            },
        ];
        const build = (withProviderOnDeny: boolean) => {
            const req = new analyzerpb.AnalyzeStackRequest();
            req.setResourcesList(
                resources.map((r) => {
                    const ar = new analyzerpb.AnalyzerResource();
                    ar.setType(r.type);
                    ar.setName(r.name);
                    ar.setUrn(urnOf(r.type, r.name));
                    ar.setProperties(toStruct(r.props));
                    ar.setOptions(new analyzerpb.AnalyzerResourceOptions());
                    if (withProviderOnDeny && r.name === "deny") ar.setProvider(providerMessage(provider));
                    return ar;
                }),
            );
            return req;
        };
        const fn = sdkServer.makeAnalyzeStackRpcFun("secure-baseline", "0.1.0", "advisory", [k8sNamespaceDefaultDeny.policy]);
        assert.deepEqual(await invoke(fn, build(true)), []);
        assert.deepEqual((await analyzeStack([withProviders(k8sNamespaceDefaultDeny, { deny: provider })], resources)).diagnostics, []);
        // Without the provider message the NetworkPolicy has no namespace: the Namespace lacks its deny.
        const without = await invoke(fn, build(false));
        assert.equal(without.length, 1);
        assert.match(without[0], /Namespace "team-a" has no default-deny NetworkPolicy/);
    });
});
