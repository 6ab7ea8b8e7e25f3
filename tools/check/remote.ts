/**
 * Remote components (registered with `remote: true`): a provider plugin builds
 * their children at `Construct`, so under the mock runtime they have none. The
 * ones whose children depend only on their inputs are expanded here as the
 * provider would (YAML v2 ConfigFile and ConfigGroup); any other is reported
 * as not analysed, so the verdict never covers resources nobody judged.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import type { TypeSchema } from "./computed";
import { previewResourceState } from "./computed";
import { engineUrn } from "./engine";
import type { ResourceRecord, Wire, WireMap } from "./records";
import { SECRET_SIG, SIG_KEY, UNKNOWN, toAnalyzerMap } from "./wire";

/**
 * How each remote component type is handled:
 *  - "expand": its children are built here from its inputs and judged like any resource;
 *  - "inputs-judged": the pack judges the component's own inputs on purpose, and the
 *    children are left to the real engine at `pulumi up` (reported as such, not a failure).
 * A remote component of any other type is "not analysed".
 */
export const REMOTE_COMPONENTS: Readonly<Record<string, "expand" | "inputs-judged">> = {
    "kubernetes:yaml/v2:ConfigFile": "expand",
    "kubernetes:yaml/v2:ConfigGroup": "expand",
    // @pulumi/eks: the pack judges every security-relevant input of these, with the
    // package's defaults (policy-pack/policies/shared/eks-component.ts). The
    // NodeGroupSecurityGroup's inputs open nothing (its rules are fixed by the package).
    "eks:index:Cluster": "inputs-judged",
    "eks:index:ManagedNodeGroup": "inputs-judged",
    "eks:index:NodeGroupV2": "inputs-judged",
    "eks:index:NodeGroupSecurityGroup": "inputs-judged",
};

/** What an inputs-judged component's report says, in every output format. */
export const INPUTS_JUDGED_NOTE =
    "its inputs were judged now, with the package's defaults for omitted inputs; its child resources are created by the component's provider at `pulumi up` " +
    "and are judged by the real engine then (a real `pulumi preview` judges them as the provider plans them; the offline check does not run that provider)";

export interface RemoteOutcome {
    readonly urn: string;
    readonly type: string;
    readonly handled: "expanded" | "inputs-judged" | "not-analysed";
    /** Why it was not expanded (not-analysed only). */
    readonly reason?: string;
    /** What was judged and when its children are (inputs-judged only): INPUTS_JUDGED_NOTE. */
    readonly note?: string;
    /** Children built here (expanded only). */
    readonly children?: number;
}

export interface ExpandContext {
    readonly projectDir: string;
    readonly project: string;
    readonly stack: string;
    readonly preview: boolean;
    readonly schema: (type: string) => TypeSchema | undefined;
    /** The component's kubernetes provider reference (`urn::id`) or "" for the default one. */
    readonly provider: string;
}

class NotExpandable extends Error {}

function hasUnknown(v: Wire): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(hasUnknown);
    return typeof v === "object" && v !== null && Object.values(v).some(hasUnknown);
}

/** Plain values (secrets unwrapped: the YAML is read locally either way). */
function plain(v: Wire): unknown {
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v !== "object" || v === null) return v;
    if (v[SIG_KEY] === SECRET_SIG) return plain(v.value);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

function isGlob(p: string): boolean {
    return /(?:^|[^\\])[*?[]/.test(p);
}

/** `filepath.Glob` for the patterns manifests use: `*`, `?` and `[...]` within one path segment. */
function glob(pattern: string, cwd: string): string[] {
    const abs = path.resolve(cwd, pattern);
    const parts = abs.split(path.sep);
    let dirs = [parts[0] === "" ? path.sep : parts[0]];
    for (const part of parts.slice(1)) {
        if (!isGlob(part)) {
            dirs = dirs.map((d) => path.join(d, part)).filter((d) => fs.existsSync(d));
            continue;
        }
        const re = new RegExp(
            `^${part
                .replace(/[.+^${}()|\\]/g, "\\$&")
                .replace(/\*/g, "[^/]*")
                .replace(/\?/g, "[^/]")}$`,
        );
        dirs = dirs.flatMap((d) =>
            fs.existsSync(d) && fs.statSync(d).isDirectory()
                ? fs
                      .readdirSync(d)
                      .sort()
                      .filter((n) => re.test(n))
                      .map((n) => path.join(d, n))
                : [],
        );
    }
    return dirs;
}

function decode(text: string, where: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) throw new NotExpandable(`${where} is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
        const v: unknown = doc.toJS();
        if (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) out.push(v as Record<string, unknown>);
    }
    return out;
}

/** The manifests a ConfigFile (`file`) or ConfigGroup (`files`, `yaml`, `objs`) stands for, in the provider's order. */
function manifests(type: string, inputs: Record<string, unknown>, projectDir: string): Record<string, unknown>[] {
    const files = type.endsWith(":ConfigFile") ? [inputs.file] : Array.isArray(inputs.files) ? inputs.files : [];
    const objs: Record<string, unknown>[] = [];
    if (typeof inputs.yaml === "string") objs.push(...decode(inputs.yaml, "the yaml input"));
    for (const f of files) {
        if (typeof f !== "string") throw new NotExpandable("a file input is not a string");
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(f)) throw new NotExpandable(`${f} is a URL, which the offline check does not fetch`);
        const paths = type.endsWith(":ConfigGroup") && isGlob(f) ? glob(f, projectDir) : [path.resolve(projectDir, f)];
        for (const p of paths) {
            if (!fs.existsSync(p)) throw new NotExpandable(`${f} does not exist (relative to ${projectDir})`);
            objs.push(...decode(fs.readFileSync(p, "utf8"), f));
        }
    }
    if (Array.isArray(inputs.objs))
        objs.push(...inputs.objs.filter((o): o is Record<string, unknown> => typeof o === "object" && o !== null));
    return objs;
}

/** Kubernetes list kinds (`v1/List`, `...List`) hold items, which are registered one by one. */
function flatten(obj: Record<string, unknown>): Record<string, unknown>[] {
    if (typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items)) {
        return obj.items.flatMap((i) => (typeof i === "object" && i !== null ? flatten(i as Record<string, unknown>) : []));
    }
    return [obj];
}

/** `apps/v1` + `Deployment` → `kubernetes:apps/v1:Deployment`; the core group is `core`. */
export function kubernetesType(apiVersion: string, kind: string): string {
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/**
 * The children a YAML v2 component registers: one resource per object, named
 * `<prefix>-<namespace>/<name>` (`<prefix>-<name>` without a namespace; the prefix is
 * `resourcePrefix`, the component's name by default, none when it is ""), parented by the
 * component; `v1/Secret` data is secret; `skipAwait` adds the skip-await annotation.
 */
export function expandYamlV2(component: ResourceRecord, ctx: ExpandContext): ResourceRecord[] | { reason: string } {
    if (hasUnknown(component.inputs)) return { reason: "its inputs are unknown at preview" };
    const inputs = plain(component.inputs) as Record<string, unknown>;
    let objs: Record<string, unknown>[];
    try {
        objs = manifests(component.type, inputs, ctx.projectDir).flatMap(flatten);
    } catch (e) {
        if (e instanceof NotExpandable) return { reason: e.message };
        throw e;
    }
    const prefix = typeof inputs.resourcePrefix === "string" ? inputs.resourcePrefix : component.name;
    const children: ResourceRecord[] = [];
    for (const obj of objs) {
        const meta = (typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {}) as Record<string, unknown>;
        if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string" || typeof meta.name !== "string" || meta.name === "") {
            return { reason: `an object has no apiVersion, kind or metadata.name: ${JSON.stringify(obj).slice(0, 100)}` };
        }
        const base = typeof meta.namespace === "string" && meta.namespace !== "" ? `${meta.namespace}/${meta.name}` : meta.name;
        const name = prefix !== "" ? `${prefix}-${base}` : base;
        const body: Record<string, unknown> = { ...obj };
        if (inputs.skipAwait === true) {
            const annotations = { ...((meta.annotations as Record<string, unknown> | undefined) ?? {}), "pulumi.com/skipAwait": "true" };
            body.metadata = { ...meta, annotations };
        }
        const type = kubernetesType(obj.apiVersion, obj.kind);
        const wire: WireMap = toAnalyzerMap(body);
        if (type === "kubernetes:core/v1:Secret") {
            for (const k of ["data", "stringData"]) if (k in wire) wire[k] = { [SIG_KEY]: SECRET_SIG, value: wire[k] };
        }
        const outputs = ctx.preview ? toAnalyzerMap(previewResourceState(type, name, wire, ctx.schema(type)).state) : wire;
        children.push({
            urn: engineUrn(ctx.stack, ctx.project, component.urn, type, name),
            type,
            name,
            custom: true,
            parent: component.urn,
            inputs: wire,
            outputs,
            protect: component.protect,
            retainOnDelete: component.retainOnDelete,
            provider: ctx.provider,
            version: component.version,
            dependencies: [],
            propertyDependencies: {},
            ignoreChanges: [],
            additionalSecretOutputs: [],
            aliases: [],
            customTimeouts: { create: 0, update: 0, delete: 0 },
        });
    }
    return children;
}
