/**
 * The policy-controller's CustomResourceDefinitions, read from its Go module's config/ folder (the same
 * module `npm run sigstore -- build` builds), so the real API server of the kube suites can judge the
 * ClusterImagePolicies the stacks create.
 *
 * Upstream stores v1alpha1 and converts v1beta1 through the controller's conversion webhook. The kube
 * suites run no such webhook, so the definitions are installed with conversion "None": objects are then
 * validated against the schema of the version they are written in, and only their apiVersion changes on
 * storage (the two versions have the same fields).
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { findGo, runGo } from "../kube/build";
import type { StackObject } from "../kube/baseline";
import { TOOLS, cacheRoot } from "./build";

const CRD_FILES = ["300-clusterimagepolicy.yaml", "300-trustroot.yaml"];

export function policyControllerCrds(): StackObject[] {
    const tool = TOOLS.find((t) => t.name === "policy-controller")!;
    const dir = path.join(cacheRoot(), tool.name, tool.version);
    fs.mkdirSync(dir, { recursive: true });
    const dl = runGo(
        findGo(),
        ["mod", "download", "-json", `${tool.module}@${tool.version}`],
        dir,
        `downloading ${tool.module}@${tool.version}`,
    );
    const moduleDir = (JSON.parse(dl.stdout) as { Dir: string }).Dir;
    return CRD_FILES.flatMap((file) =>
        parseAllDocuments(fs.readFileSync(path.join(moduleDir, "config", file), "utf8"))
            .map((d) => d.toJS() as StackObject["object"] | null)
            .filter((o): o is StackObject["object"] => o !== null && o.kind === "CustomResourceDefinition")
            .map((object) => {
                (object.spec as Record<string, unknown>).conversion = { strategy: "None" };
                return {
                    type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
                    name: object.metadata.name,
                    object,
                    force: false,
                };
            }),
    );
}
