/**
 * CTR-2 end to end on loopback: the policy-controller webhook (the Go module the chart's app version is
 * built from), the distribution registry and cosign, all built by `npm run sigstore -- build`, against a
 * real API server of the harness (its own control plane: the shared one's admission policies admit only
 * the stack's registries, and 127.0.0.1 is not one of them).
 *
 * Two tiny images are pushed; cosign signs one with a local key pair. The ClusterImagePolicy is the one
 * ClusterGuardrails plans for a trusted registry with a PEM key, and the webhook's configuration (its
 * namespace selector, failure policy and no-match policy) comes from the chart values the component sets.
 * The API server calls the webhook by URL, with the webhook's certificate as the CA bundle.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planClusterImagePolicies, planControllerValues } from "../../components/guardrails/signingPlan";
import { POLICY_CONTROLLER_NAMESPACE, SIGNATURE_OPT_IN_LABEL } from "../../components/guardrails/signingArgs";
import { Client } from "../../tools/kube/client";
import { type ControlPlane, start } from "../../tools/kube/harness";
import { Watchdog } from "../../tools/kube/processes";
import { hasTag, pushImage, tinyImage } from "../../tools/sigstore/oci";
import {
    type CosignKeys,
    cosignKeyPair,
    cosignSign,
    cosignVerify,
    loopbackCertificate,
    type Registry,
    sigstoreBinaries,
    startRegistry,
    startWebhook,
    type Webhook,
} from "../../tools/sigstore/loopback";
import { eventually, installPolicyControllerCrds, namespace } from "./support/cluster";

const OPTED_IN = "e2e-signed-only";
const NOT_OPTED_IN = "e2e-not-judged";
const VALUES = planControllerValues(
    { clusterName: "e2e", vpcCidr: "10.0.0.0/16" },
    "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
    "eu-west-1",
);
const WEBHOOK_VALUES = VALUES.webhook as {
    failurePolicy: "Fail" | "Ignore";
    namespaceSelector: Record<string, unknown>;
    configData: Record<string, string>;
};
const WEBHOOK_NAME = (VALUES.cosign as { webhookName: string }).webhookName;

function pod(name: string, image: string): Record<string, unknown> {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name },
        spec: { automountServiceAccountToken: false, containers: [{ name: "app", image }] },
    };
}

/** The chart's two webhooks on pods, by URL: mutating resolves tags to digests, validating verifies signatures. */
function webhookConfiguration(kind: "Mutating" | "Validating", url: string, caPem: string): Record<string, unknown> {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: `${kind}WebhookConfiguration`,
        metadata: { name: WEBHOOK_NAME },
        webhooks: [
            {
                name: WEBHOOK_NAME,
                clientConfig: {
                    url: `${url}/${kind === "Mutating" ? "mutations" : "validations"}`,
                    caBundle: Buffer.from(caPem).toString("base64"),
                },
                rules: [
                    { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"], scope: "Namespaced" },
                ],
                namespaceSelector: WEBHOOK_VALUES.namespaceSelector,
                failurePolicy: WEBHOOK_VALUES.failurePolicy,
                sideEffects: "None",
                admissionReviewVersions: ["v1"],
                timeoutSeconds: 30,
            },
        ],
    };
}

describe("CTR-2 end to end: the policy-controller webhook admits a signed image and denies an unsigned one", function () {
    this.timeout(600_000);
    let cp: ControlPlane | undefined;
    let client: Client;
    let dir: string;
    let watchdog: Watchdog;
    let registry: Registry | undefined;
    let webhook: Webhook | undefined;
    let bins: ReturnType<typeof sigstoreBinaries>;
    let keys: CosignKeys;
    let signed: string;
    let unsigned: string;
    let otherKey: string;

    const create = (ns: string, obj: Record<string, unknown>, dryRun = false) =>
        client.request("admin", "POST", `/api/v1/namespaces/${ns}/pods${dryRun ? "?dryRun=All" : ""}`, obj);

    before(async () => {
        bins = sigstoreBinaries();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-baseline-sigstore-"));
        watchdog = new Watchdog();
        watchdog.removeOnDeath(dir);
        cp = await start({ readyTimeoutMs: 120_000 });
        client = new Client(cp);
        await installPolicyControllerCrds(cp);

        registry = await startRegistry(bins.registry, dir, watchdog);
        signed = await pushImage(registry.host, "e2e/signed", "v1", tinyImage("signed"));
        unsigned = await pushImage(registry.host, "e2e/unsigned", "v1", tinyImage("unsigned"));
        keys = cosignKeyPair(bins.cosign, dir);
        cosignSign(bins.cosign, keys, signed, dir);
        // Signed too, but with a key the policy does not trust.
        otherKey = await pushImage(registry.host, "e2e/other-key", "v1", tinyImage("other key"));
        const otherDir = fs.mkdtempSync(path.join(dir, "other-"));
        cosignSign(bins.cosign, cosignKeyPair(bins.cosign, otherDir), otherKey, otherDir);

        // The webhook's system namespace: its serving certificate and the chart's policy-controller config.
        const ns = POLICY_CONTROLLER_NAMESPACE;
        const cert = loopbackCertificate(dir);
        await namespace({ client }, ns);
        const secret = await client.request("admin", "POST", `/api/v1/namespaces/${ns}/secrets`, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "webhook-certs" },
            stringData: { "server-cert.pem": cert.cert, "server-key.pem": cert.key, "ca-cert.pem": cert.cert },
        });
        assert.equal(secret.status, 201, JSON.stringify(secret.body).slice(0, 300));
        // The chart's ConfigMaps: the webhook refuses to start without them; the policy-controller config is the values'.
        const configMaps: Record<string, Record<string, string>> = {
            "config-policy-controller": WEBHOOK_VALUES.configData,
            "config-image-policies": {},
            "config-sigstore-keys": {},
        };
        for (const [name, data] of Object.entries(configMaps)) {
            const r = await client.request("admin", "POST", `/api/v1/namespaces/${ns}/configmaps`, {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name },
                data,
            });
            assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body).slice(0, 300)}`);
        }

        // The component's policy for a trusted registry with a PEM key: this registry, the local public key.
        const cip = planClusterImagePolicies("111122223333.dkr.ecr.eu-west-1.amazonaws.com", "awskms:///alias/unused", [
            { glob: `${registry.host}/**`, key: keys.publicKeyPem },
        ])[1];
        const put = await client.request("admin", "POST", "/apis/policy.sigstore.dev/v1beta1/clusterimagepolicies", cip);
        assert.equal(put.status, 201, JSON.stringify(put.body).slice(0, 300));

        webhook = await startWebhook(
            { bin: bins["policy-controller"], dir, kubeconfig: cp.kubeconfigs.admin, namespace: ns, watchdog },
            cert.cert,
        );
        // The webhook compiles the ClusterImagePolicies into this ConfigMap and judges by it.
        await eventually(
            "the webhook compiled the ClusterImagePolicy into config-image-policies",
            async () => {
                const r = await client.request("admin", "GET", `/api/v1/namespaces/${ns}/configmaps/config-image-policies`);
                return (
                    r.status === 200 && Object.keys((r.body.data as Record<string, string> | undefined) ?? {}).includes(cip.metadata.name)
                );
            },
            120_000,
        );
        for (const kind of ["Mutating", "Validating"] as const) {
            const r = await client.request(
                "admin",
                "POST",
                `/apis/admissionregistration.k8s.io/v1/${kind.toLowerCase()}webhookconfigurations`,
                webhookConfiguration(kind, webhook.url, cert.cert),
            );
            assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 300));
        }
        await namespace({ client }, OPTED_IN, { [SIGNATURE_OPT_IN_LABEL]: "true" });
        await namespace({ client }, NOT_OPTED_IN);
        await eventually(
            "the API server calls the webhook for the opted-in namespace",
            async () => /denied the request/.test((await create(OPTED_IN, pod("probe", unsigned), true)).body.message ?? ""),
            60_000,
        );
    });

    after(async () => {
        client?.close();
        await webhook?.stop();
        await registry?.stop();
        await cp?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
        watchdog?.dismiss();
    });

    it("cosign signed one image in the registry (its .sig tag) and verifies it with the public key; the other has no signature", async () => {
        const tag = (ref: string) => ref.slice(ref.indexOf("@") + 1).replace(":", "-") + ".sig";
        assert.ok(await hasTag(registry!.host, "e2e/signed", tag(signed)), "the signature tag of the signed image");
        assert.ok(!(await hasTag(registry!.host, "e2e/unsigned", tag(unsigned))), "no signature tag for the unsigned image");
        const verified = cosignVerify(bins.cosign, keys, signed, dir) as Array<{ critical: { image: Record<string, string> } }>;
        assert.equal(verified[0].critical.image["docker-manifest-digest"], signed.split("@")[1]);
    });

    it("a pod naming the signed image by digest is admitted in the opted-in namespace", async () => {
        const r = await create(OPTED_IN, pod("signed", signed));
        assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 500));
    });

    it("a pod naming the signed image by tag is admitted with the tag resolved to the signed digest (the mutating webhook)", async () => {
        const r = await create(OPTED_IN, pod("signed-by-tag", `${registry!.host}/e2e/signed:v1`));
        assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 500));
        const image = (r.body.spec as { containers: Array<{ image: string }> }).containers[0].image;
        assert.ok(image.endsWith(`@${signed.split("@")[1]}`), image);
    });

    it("a pod naming the unsigned image is denied with the webhook's message (no signature of the trusted key)", async () => {
        const r = await create(OPTED_IN, pod("unsigned", unsigned));
        assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body).slice(0, 500));
        const message = r.body.message ?? "";
        assert.match(message, new RegExp(`admission webhook "${WEBHOOK_NAME.replace(/\./g, "\\.")}" denied the request`));
        assert.match(message, /secure-baseline-trusted-0/);
        assert.match(message, /no (matching )?signatures/);
        const stored = await client.request("admin", "GET", `/api/v1/namespaces/${OPTED_IN}/pods/unsigned`);
        assert.equal(stored.status, 404);
    });

    it("a pod naming an image signed with another key is denied", async () => {
        const r = await create(OPTED_IN, pod("other-key", otherKey));
        assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body).slice(0, 500));
        assert.match(r.body.message ?? "", /secure-baseline-trusted-0/);
        assert.match(r.body.message ?? "", /signature key validation failed/);
    });

    it("an image no ClusterImagePolicy covers is denied in the opted-in namespace (no-match-policy deny)", async () => {
        // The unsigned image's digest under a registry no policy names.
        const r = await create(OPTED_IN, pod("unmatched", `registry.example.com/app@${unsigned.split("@")[1]}`));
        assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body).slice(0, 500));
        assert.match(r.body.message ?? "", /denied the request/);
        assert.match(r.body.message ?? "", /no matching policies/);
    });

    it("a namespace without the opt-in label is not judged: the unsigned image is admitted there", async () => {
        const r = await create(NOT_OPTED_IN, pod("unsigned", unsigned));
        assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 500));
    });

    it("with the webhook down, failurePolicy Fail refuses pods in the opted-in namespace only", async () => {
        await webhook!.stop();
        const down = await create(OPTED_IN, pod("signed-while-down", signed));
        assert.notEqual(down.status, 201, JSON.stringify(down.body).slice(0, 500));
        assert.match(down.body.message ?? "", new RegExp(`failed calling webhook "${WEBHOOK_NAME.replace(/\./g, "\\.")}"`));
        const other = await create(NOT_OPTED_IN, pod("while-down", unsigned));
        assert.equal(other.status, 201, JSON.stringify(other.body).slice(0, 500));
    });
});
