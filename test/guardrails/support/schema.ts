/**
 * Validates a manifest against the official Kubernetes OpenAPI schemas shipped in `kubernetes-models`.
 * That package is ESM-only and exports only an "import" condition; mocha runs CommonJS, so the model is
 * loaded by file path (Node 20.19+ can require ES modules).
 */
import * as path from "path";

interface ModelClass {
    new (data: object): { validate(): void };
}

const ROOT = path.resolve(__dirname, "../../../node_modules/kubernetes-models");

function modelFor(apiVersion: string, kind: string): ModelClass {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(ROOT, apiVersion, `${kind}.js`)) as Record<string, unknown>;
    const cls = mod[kind];
    if (typeof cls !== "function") throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
    return cls as ModelClass;
}

/** Throws (with the schema's own messages) unless `manifest` is a valid object of its apiVersion/kind. */
export function validateManifest(manifest: { apiVersion?: string; kind?: string; [field: string]: unknown }): void {
    if (!manifest.apiVersion || !manifest.kind) throw new Error("manifest lacks apiVersion or kind");
    const Model = modelFor(manifest.apiVersion, manifest.kind);
    new Model(manifest).validate();
}
