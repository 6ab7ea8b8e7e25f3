/**
 * The in-cluster objects of a stack, as the offline check records them, and
 * applying them to a control plane with server-side apply.
 *
 * Objects come from `npm run check -- --stack NAME --format json` (every
 * resource the stack's program registers, with its inputs); the ones of type
 * `kubernetes:*` are the Kubernetes objects `pulumi up` would send. Patch
 * resources (`...Patch`) are applied as the provider applies them: server-side
 * apply with the field manager and force their annotations name.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { crdsFor } from "./crds";
import type { Identity } from "./harness";

const REPO = path.resolve(__dirname, "..", "..");

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [key: string]: unknown;
}

export interface StackObject {
    /** The Pulumi type, e.g. kubernetes:core/v1:Namespace. */
    readonly type: string;
    /** The Pulumi resource name. */
    readonly name: string;
    readonly object: KubeObject;
    /** Server-side apply field manager and force, from a Patch resource's annotations. */
    readonly fieldManager?: string;
    readonly force: boolean;
}

export class StackRecordError extends Error {}

const PATCH_MANAGER = "pulumi.com/patchFieldManager";
const PATCH_FORCE = "pulumi.com/patchForce";

/** Kubernetes objects of a check report (its `resources` array). */
export function objectsOfReport(report: { resources: ReadonlyArray<{ type: string; name: string; inputs: unknown }> }): StackObject[] {
    return (
        report.resources
            // A Helm release is not an object: the pack allows it by chart (PACK-9), and its objects come from the chart.
            .filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"))
            .map((r) => {
                const object = JSON.parse(JSON.stringify(r.inputs)) as KubeObject;
                const annotations = object.metadata.annotations ?? {};
                const isPatch = r.type.endsWith("Patch");
                const fieldManager = isPatch ? annotations[PATCH_MANAGER] : undefined;
                const force = isPatch && annotations[PATCH_FORCE] === "true";
                // pulumi.com/* annotations are directions to the provider, which it does not send as object annotations.
                for (const key of Object.keys(annotations)) if (key.startsWith("pulumi.com/")) delete annotations[key];
                if (object.metadata.annotations && Object.keys(annotations).length === 0) delete object.metadata.annotations;
                return { type: r.type, name: r.name, object, fieldManager, force };
            })
    );
}

/** Runs the offline check for a stack of this repository and returns its Kubernetes objects. */
export function stackObjects(stack: string): StackObject[] {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kube-records-")), `${stack}.json`);
    try {
        const r = spawnSync(
            process.execPath,
            [path.join(REPO, "tools", "check", "launch.js"), "--stack", stack, "--mode", "up", "--format", "json", "--out", out],
            {
                cwd: REPO,
                encoding: "utf8",
                maxBuffer: 64 * 1024 * 1024,
            },
        );
        // Exit 1 (mandatory violations) still writes the records; 2 means the check could not run.
        if (r.status !== 0 && r.status !== 1)
            throw new StackRecordError(`the offline check of stack "${stack}" failed (exit ${r.status}):\n${r.stderr}`);
        const objects = objectsOfReport(JSON.parse(fs.readFileSync(out, "utf8")) as Parameters<typeof objectsOfReport>[0]);
        // What the stack's Helm releases would install first, so its custom resources can be applied.
        return [...crdsFor(objects), ...objects];
    } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
}

/** Apply order: what others refer to first (namespaces, roles, policies), bindings after. */
const ORDER = ["CustomResourceDefinition", "Namespace", "ClusterRole", "Role", "ValidatingAdmissionPolicy", "StorageClass"];
const LAST = ["RoleBinding", "ClusterRoleBinding", "ValidatingAdmissionPolicyBinding"];
function rank(kind: string): number {
    if (ORDER.includes(kind)) return ORDER.indexOf(kind);
    if (LAST.includes(kind)) return 100 + LAST.indexOf(kind);
    return 50;
}

export function applyOrder(objects: readonly StackObject[]): StackObject[] {
    return [...objects].sort((a, b) => rank(a.object.kind) - rank(b.object.kind));
}

/**
 * Group names bound by the stack's RoleBindings and ClusterRoleBindings, each with a user in it
 * (`team:payments:edit` gives user `payments-edit`), plus an `outsider` in no group.
 */
export function baselineIdentities(objects: readonly StackObject[]): Identity[] {
    const groups = new Set<string>();
    for (const { object } of objects) {
        if (object.kind !== "RoleBinding" && object.kind !== "ClusterRoleBinding") continue;
        for (const s of (object.subjects as Array<{ kind: string; name: string }> | undefined) ?? [])
            if (s.kind === "Group") groups.add(s.name);
    }
    const ids = [...groups].sort().map((g) => ({ name: userForGroup(g), groups: [g] }));
    return [...ids, { name: "outsider", groups: [] }];
}

export function userForGroup(group: string): string {
    return group
        .replace(/^team:/, "")
        .replace(/^secure-baseline:/, "")
        .replace(/:/g, "-");
}
