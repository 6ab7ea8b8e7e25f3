/**
 * The one error type for bad input, used by every component's validators and by the stack config. An error
 * carries where the bad value is (a path), the value and what is allowed; its message is built from those
 * fields only. Who reads the message decides how paths are named: a component names its own arguments
 * (`SecureCluster "c": nodeGroups[0].maxSize 0 ...`), the stack config names its keys
 * (`secure-baseline:nodeGroups[0].maxSize 0 ...`) through a `Naming` it passes to the same validators.
 */

/** Where a value sits in the arguments or the config: property names and list indexes. */
export type ArgPath = readonly (string | number)[];

/** One bad value, as plain data: what a validator found, before it is named for a reader. */
export interface Problem {
    readonly path: ArgPath;
    /** The bad value; quoted (cut to a readable length) in the message unless undefined. */
    readonly value: unknown;
    /** What is wrong, read after the quoted value: "is not allowed", "is not a DNS-1123 label". */
    readonly problem: string;
    /** What is allowed instead: "use one of a, b", "list at least one". */
    readonly allowed: string;
    /** How the value reads when quoting it would say less (several related values); the value is still carried. */
    readonly shown?: string;
}

/** How messages name paths: the component's own argument names by default, config keys for a stack. */
export interface Naming {
    /** Shown before the message, e.g. `SecureCluster "main"`; a stack leaves it out (its keys name the place). */
    readonly label?: string;
    /** Maps an argument path to the path reported (the config path for a stack). @default the path itself */
    readonly locate?: (path: ArgPath) => ArgPath;
    /** Put before the reported path with a colon, e.g. the config namespace `secure-baseline`. */
    readonly namespace?: string;
}

/** Characters of a bad value a message quotes at most; a longer one is cut and its length stated. */
export const QUOTE_LIMIT = 200;

/** A value for a message: JSON-quoted, cut to QUOTE_LIMIT characters with its length stated when cut. */
export function quoteValue(value: unknown): string {
    // Numbers as written (JSON would turn NaN and Infinity into null).
    const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
    if (text.length <= QUOTE_LIMIT) return typeof value === "string" ? JSON.stringify(value) : text;
    const cut =
        typeof value === "string" ? `${JSON.stringify(text.slice(0, QUOTE_LIMIT)).slice(0, -1)}…"` : `${text.slice(0, QUOTE_LIMIT)}…`;
    return `${cut} (${text.length} characters, first ${QUOTE_LIMIT} shown)`;
}

/** `nodeGroups[0].name` from ["nodeGroups", 0, "name"]. */
export function pathText(path: ArgPath): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** A path as a reader sees it under a naming: located, then prefixed with the namespace. */
export function namePath(path: ArgPath, naming: Naming = {}): string {
    const located = naming.locate ? naming.locate(path) : path;
    return naming.namespace === undefined ? pathText(located) : `${naming.namespace}:${pathText(located)}`;
}

export class ValidationError extends Error {
    /** The reported path (a config path when a stack validated), and the argument path the validator found. */
    readonly path: ArgPath;
    readonly argumentPath: ArgPath;
    readonly value: unknown;
    readonly problem: string;
    readonly allowed: string;
    /** The path as the message names it, e.g. `secure-baseline:azCount` or `azCount`. */
    readonly where: string;
    readonly label?: string;

    constructor(found: Problem, naming: Naming = {}) {
        const where = namePath(found.path, naming);
        const shown = found.shown ?? (found.value === undefined ? "" : quoteValue(found.value));
        const head = naming.label === undefined ? "" : `${naming.label}: `;
        super(`${head}${[where, shown, found.problem].filter((s) => s !== "").join(" ")}; ${found.allowed}`);
        this.name = new.target.name;
        this.path = naming.locate ? naming.locate(found.path) : found.path;
        this.argumentPath = found.path;
        this.value = found.value;
        this.problem = found.problem;
        this.allowed = found.allowed;
        this.where = where;
        this.label = naming.label;
    }
}

/** Builds errors for one validator run: names paths (for the path in error and for cross references in the text) and throws. */
export class Reporter {
    constructor(
        readonly naming: Naming,
        private readonly make: new (found: Problem, naming: Naming) => ValidationError = ValidationError,
    ) {}

    /** How this run names a path, for messages that mention another argument. */
    name(...path: ArgPath): string {
        return namePath(path, this.naming);
    }

    fail(found: Problem): never {
        throw new this.make(found, this.naming);
    }

    /** Throws when a pure check (returning a Problem or undefined) found one. */
    check(found: Problem | undefined): void {
        if (found !== undefined) this.fail(found);
    }
}

/** The reporter a validator uses: the caller's naming when given (a stack), else the component's label and argument names. */
export function reporter(label: string, naming?: Naming, make?: new (found: Problem, naming: Naming) => ValidationError): Reporter {
    return new Reporter(naming ?? { label }, make);
}

/**
 * A Naming that maps argument paths by a table (a stack's argument → config key table): the longest leading
 * part of a path listed in `table` (dotted, e.g. "subnetCidrs.public") is replaced by its entry and the rest
 * of the path kept; a path with no entry is put under `under` (or kept as is).
 */
export function tableNaming(
    table: Readonly<Record<string, ArgPath>>,
    options: { readonly namespace?: string; readonly under?: ArgPath } = {},
): Naming {
    const locate = (path: ArgPath): ArgPath => {
        for (let n = path.length; n > 0; n--) {
            const entry = table[path.slice(0, n).join(".")];
            if (entry !== undefined) return [...entry, ...path.slice(n)];
        }
        return [...(options.under ?? []), ...path];
    };
    return { namespace: options.namespace, locate };
}

/** A list that must not be empty but is: the value is carried, the message says "is empty" instead of quoting `[]`. */
export function emptyList(path: ArgPath, allowed: string): Problem {
    return { path, value: [], shown: "", problem: "is empty", allowed };
}
