/**
 * What a provider computes for a new resource, read from the provider SDK the
 * program itself installed. No schema JSON ships with @pulumi/aws or
 * @pulumi/kubernetes, but each generated resource class marks every property
 * the provider computes as `resourceInputs["x"] = undefined /*out*\/` in the
 * branch that creates the resource (the other branch reads existing state);
 * the inputs are the `args?.x` assignments of the same branch.
 *
 * Only the class file of a type the program uses is read (a few kB each, once
 * per type per run), so there is no index to build or keep in step with the SDK.
 */
import * as fs from "fs";
import * as path from "path";
import { UNKNOWN } from "./wire";

export interface TypeSchema {
    /** Properties the provider computes (unknown at preview unless the program set them). */
    readonly computed: readonly string[];
    /** Properties the program may set. */
    readonly inputs: readonly string[];
}

/** `aws:s3/bucket:Bucket` → `s3/bucket.js`; `kubernetes:networking.k8s.io/v1:NetworkPolicy` → `networking/v1/networkPolicy.js`; `aws:index/provider:Provider`-style tokens → `provider.js`. */
export function classFile(type: string): { pkg: string; file: string } | undefined {
    const m = /^([^:]+):([^:]+):([^:]+)$/.exec(type);
    if (!m) return undefined;
    const [, pkg, mod, name] = m;
    const base = name.charAt(0).toLowerCase() + name.slice(1);
    const parts = mod.split("/");
    // kubernetes: the API group's first label names the folder (`networking.k8s.io/v1` → `networking/v1`).
    if (pkg === "kubernetes") return { pkg, file: [parts[0].split(".")[0], ...parts.slice(1), `${base}.js`].join("/") };
    // aws: the module token ends with the file name (`s3/bucket`); `index/x` lives at the package root.
    const dir = parts.length > 1 ? parts.slice(0, -1) : [];
    const file = parts.length > 1 ? parts[parts.length - 1] : base;
    return { pkg, file: [...dir.filter((d) => d !== "index"), `${file}.js`].join("/") };
}

/** Reads the create branch of a generated class: `if (!opts.id) {...}` (kubernetes) or the `else` after `if (opts.id)` (aws). */
export function parseClass(source: string): TypeSchema | undefined {
    let body: string | undefined;
    const neg = source.indexOf("if (!opts.id) {");
    if (neg >= 0) {
        const end = source.indexOf("else {", neg);
        body = source.slice(neg, end >= 0 ? end : undefined);
    } else {
        const pos = source.indexOf("if (opts.id) {");
        if (pos < 0) return undefined;
        const start = source.indexOf("else {", pos);
        const end = source.indexOf("opts = pulumi.mergeOptions", start);
        if (start < 0) return undefined;
        body = source.slice(start, end >= 0 ? end : undefined);
    }
    const computed: string[] = [];
    const inputs: string[] = [];
    for (const m of body.matchAll(/resourceInputs\["([^"]+)"\]\s*=\s*([^;]+);/g)) {
        if (/undefined\s*\/\*out\*\//.test(m[2])) computed.push(m[1]);
        else inputs.push(m[1]);
    }
    return { computed, inputs };
}

/** Looks types up in the provider SDKs that `fromDir` resolves; unknown packages and types give undefined. */
export class SchemaIndex {
    private readonly roots = new Map<string, string | null>();
    private readonly types = new Map<string, TypeSchema | undefined>();

    constructor(private readonly fromDir: string) {}

    private root(pkg: string): string | undefined {
        if (!this.roots.has(pkg)) {
            let dir: string | null;
            try {
                dir = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`, { paths: [this.fromDir] }));
            } catch {
                dir = null;
            }
            this.roots.set(pkg, dir);
        }
        return this.roots.get(pkg) ?? undefined;
    }

    get(type: string): TypeSchema | undefined {
        if (this.types.has(type)) return this.types.get(type);
        let schema: TypeSchema | undefined;
        const where = classFile(type);
        const root = where && this.root(where.pkg);
        if (where && root) {
            const file = path.join(root, where.file);
            if (fs.existsSync(file)) {
                const source = fs.readFileSync(file, "utf8");
                // The right class: the file may hold another type with the same name in another module.
                if (source.includes(`'${type}'`) || source.includes(`"${type}"`)) schema = parseClass(source);
            }
        }
        this.types.set(type, schema);
        return schema;
    }
}

/** The property an AWS resource is auto-named by, when the program leaves it out (the provider names it at `Check`, before preview). */
function autoName(type: string, schema: TypeSchema): string | undefined {
    if (!type.startsWith("aws:")) return undefined;
    if (/^aws:s3\/bucket(V2)?:/.test(type) && schema.inputs.includes("bucket")) return "bucket";
    return schema.inputs.includes("name") ? "name" : undefined;
}

/**
 * What a new resource looks like at preview: its inputs, its auto-name (known: the engine
 * fixes it at `Check`; the check uses the resource name without the random suffix) and
 * UNKNOWN for every property the provider computes. The id is unknown too ("").
 * A type the SDK does not describe gets its inputs back and nothing else.
 */
export function previewResourceState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    schema: TypeSchema | undefined,
): { id: string; state: Record<string, unknown> } {
    const state: Record<string, unknown> = { ...inputs };
    if (schema) {
        const auto = autoName(type, schema);
        if (auto !== undefined && state[auto] === undefined) {
            // A prefix leaves the full name to the provider at create.
            state[auto] = state[`${auto}Prefix`] !== undefined ? UNKNOWN : name;
        }
        for (const p of schema.computed) if (state[p] === undefined) state[p] = UNKNOWN;
    }
    return { id: "", state };
}
