/**
 * CustomResourceDefinitions that a stack's Helm releases would install, for the stack's custom resources
 * to be applied to the control plane (the policy-controller's come from tools/sigstore/crds.ts). A Helm release's objects are invisible to the offline check, so the
 * CRDs come from the project's Go module instead: External Secrets' `config/crds/bases` at the release of
 * the pinned chart, fetched with `go mod download` (checked against the Go checksum database). The
 * cluster-wide kinds the chart's reviewed values leave out (ClusterSecretStore, ClusterExternalSecret,
 * ClusterPushSecret) are left out here too.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { ESO_CHART } from "../../components/secrets/constants";
import type { KubeObject, StackObject } from "./baseline";
import { findGo, runGo } from "./build";
import { policyControllerCrds } from "../sigstore/crds";

export const ESO_MODULE = "github.com/external-secrets/external-secrets";
export const ESO_GROUP = "external-secrets.io";
export const SIGSTORE_GROUP = "policy.sigstore.dev";
/** Left out as the chart's values leave them out (crds.createCluster*: false). */
const OMITTED = [
    "external-secrets.io_clustersecretstores.yaml",
    "external-secrets.io_clusterexternalsecrets.yaml",
    "external-secrets.io_clusterpushsecrets.yaml",
];

/** The module's folder in the Go module cache, downloaded if needed. */
export function esoModuleDir(version: string = ESO_CHART.version): string {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eso-mod-"));
    try {
        const r = runGo(
            findGo(),
            ["mod", "download", "-json", `${ESO_MODULE}@v${version}`],
            tmp,
            `downloading ${ESO_MODULE}@v${version} (the External Secrets CRDs)`,
        );
        const dir = (JSON.parse(r.stdout) as { Dir?: string }).Dir;
        if (!dir || !fs.existsSync(dir)) throw new Error(`go mod download named no folder for ${ESO_MODULE}@v${version}`);
        return dir;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** The External Secrets CRDs of the pinned release, as objects to apply. */
export function esoCrds(version: string = ESO_CHART.version): KubeObject[] {
    const bases = path.join(esoModuleDir(version), "config", "crds", "bases");
    return fs
        .readdirSync(bases)
        .filter((f) => f.startsWith(`${ESO_GROUP}_`) && f.endsWith(".yaml") && !OMITTED.includes(f))
        .sort()
        .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(bases, f), "utf8")).map((d) => d.toJS() as KubeObject))
        .filter((o) => o?.kind === "CustomResourceDefinition");
}

/**
 * The CRDs the stack's custom resources need, for each chart whose kinds it uses: External Secrets'
 * (SecretStore, ExternalSecret) and the Sigstore policy-controller's (ClusterImagePolicy). None, and
 * no Go, when it uses neither.
 */
export function crdsFor(objects: readonly StackObject[]): StackObject[] {
    const uses = (group: string) => objects.some((o) => o.object.apiVersion.startsWith(`${group}/`));
    const eso: StackObject[] = uses(ESO_GROUP)
        ? esoCrds().map((object) => ({
              type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
              name: `chart-crd-${object.metadata.name}`,
              object,
              force: false,
          }))
        : [];
    return [...eso, ...(uses(SIGSTORE_GROUP) ? policyControllerCrds() : [])];
}
