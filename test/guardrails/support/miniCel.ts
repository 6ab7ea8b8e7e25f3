/**
 * A small interpreter for the subset of CEL the admission policies use, so their expressions are
 * executed offline against real-looking objects (no CEL library is installed). Supported: literals
 * (strings, ints, bools, lists), identifiers, field selection, `has()`, `.all()`, `.exists()`,
 * `.startsWith()`, `.endsWith()`, `.matches()`, `+` (lists and strings), `!`, `==`, `!=`, `in`,
 * `&&`, `||` (with CEL's error absorption), and `? :`.
 *
 * Semantics kept from CEL: selecting a missing field is an error (not null), `has()` tests presence,
 * `&&`/`||` absorb an error when the other side decides the result. Not modelled: the type checker,
 * integer/uint distinctions, cost limits, and any function not listed (they fail loudly).
 */
type Value = unknown;
type Node =
    | { t: "lit"; v: Value }
    | { t: "id"; name: string }
    | { t: "sel"; obj: Node; field: string }
    | { t: "call"; fn: string; target?: Node; args: Node[] }
    | { t: "list"; items: Node[] }
    | { t: "un"; op: string; e: Node }
    | { t: "bin"; op: string; l: Node; r: Node }
    | { t: "cond"; c: Node; a: Node; b: Node };

export class CelError extends Error {}

const TOKEN = /\s*(?:('[^']*'|"[^"]*")|(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[<>!+\-?:.,()[\]]))/y;

function tokenize(src: string): string[] {
    const out: string[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < src.length) {
        if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
        const start = TOKEN.lastIndex;
        const m = TOKEN.exec(src);
        if (!m) throw new CelError(`cannot tokenize at ${start}: ${src.slice(start, start + 20)}`);
        out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    }
    return out;
}

class Parser {
    private i = 0;
    constructor(private readonly tokens: string[]) {}
    private peek(): string | undefined { return this.tokens[this.i]; }
    private next(): string {
        const t = this.tokens[this.i++];
        if (t === undefined) throw new CelError("unexpected end of expression");
        return t;
    }
    private expect(t: string): void {
        const got = this.next();
        if (got !== t) throw new CelError(`expected "${t}", got "${got}"`);
    }
    parseAll(): Node {
        const n = this.cond();
        if (this.i !== this.tokens.length) throw new CelError(`unexpected "${this.peek()}"`);
        return n;
    }
    private cond(): Node {
        const c = this.binary(0);
        if (this.peek() !== "?") return c;
        this.next();
        const a = this.cond();
        this.expect(":");
        return { t: "cond", c, a, b: this.cond() };
    }
    private static readonly LEVELS = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "in"], ["+", "-"]];
    private binary(level: number): Node {
        if (level === Parser.LEVELS.length) return this.unary();
        let l = this.binary(level + 1);
        while (Parser.LEVELS[level].includes(this.peek() ?? "")) {
            const op = this.next();
            l = { t: "bin", op, l, r: this.binary(level + 1) };
        }
        return l;
    }
    private unary(): Node {
        if (this.peek() === "!" || this.peek() === "-") return { t: "un", op: this.next(), e: this.unary() };
        return this.member();
    }
    private args(): Node[] {
        this.expect("(");
        const args: Node[] = [];
        while (this.peek() !== ")") {
            args.push(this.cond());
            if (this.peek() === ",") this.next();
        }
        this.expect(")");
        return args;
    }
    private member(): Node {
        let n = this.primary();
        while (this.peek() === ".") {
            this.next();
            const field = this.next();
            n = this.peek() === "(" ? { t: "call", fn: field, target: n, args: this.args() } : { t: "sel", obj: n, field };
        }
        return n;
    }
    private primary(): Node {
        const t = this.next();
        if (t === "(") { const e = this.cond(); this.expect(")"); return e; }
        if (t === "[") {
            const items: Node[] = [];
            while (this.peek() !== "]") { items.push(this.cond()); if (this.peek() === ",") this.next(); }
            this.expect("]");
            return { t: "list", items };
        }
        if (/^['"]/.test(t)) return { t: "lit", v: t.slice(1, -1) };
        if (/^\d+$/.test(t)) return { t: "lit", v: Number(t) };
        if (t === "true" || t === "false") return { t: "lit", v: t === "true" };
        if (t === "null") return { t: "lit", v: null };
        if (/^[A-Za-z_]/.test(t)) return this.peek() === "(" ? { t: "call", fn: t, args: this.args() } : { t: "id", name: t };
        throw new CelError(`unexpected "${t}"`);
    }
}

export function parseCel(src: string): Node {
    return new Parser(tokenize(src)).parseAll();
}

function isMap(v: Value): v is Record<string, Value> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepEqual(a: Value, b: Value): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function bool(v: Value, what: string): boolean {
    if (typeof v !== "boolean") throw new CelError(`${what} is not a bool`);
    return v;
}

function str(v: Value, what: string): string {
    if (typeof v !== "string") throw new CelError(`${what} is not a string`);
    return v;
}

function tryEval(n: Node, env: Record<string, Value>): { v?: Value; err?: Error } {
    try { return { v: evaluate(n, env) }; } catch (e) { return { err: e as Error }; }
}

export function evaluate(n: Node, env: Record<string, Value>): Value {
    switch (n.t) {
        case "lit": return n.v;
        case "list": return n.items.map((i) => evaluate(i, env));
        case "id":
            if (!(n.name in env)) throw new CelError(`undeclared reference ${n.name}`);
            return env[n.name];
        case "sel": {
            const o = evaluate(n.obj, env);
            if (!isMap(o) || !(n.field in o)) throw new CelError(`no such key: ${n.field}`);
            return o[n.field];
        }
        case "un": {
            const v = evaluate(n.e, env);
            if (n.op === "!") return !bool(v, "operand of !");
            if (typeof v !== "number") throw new CelError("operand of - is not a number");
            return -v;
        }
        case "cond": return bool(evaluate(n.c, env), "condition") ? evaluate(n.a, env) : evaluate(n.b, env);
        case "bin": {
            if (n.op === "||" || n.op === "&&") {
                const decisive = n.op === "||";
                const l = tryEval(n.l, env);
                if (l.err === undefined && bool(l.v, n.op) === decisive) return decisive;
                const r = tryEval(n.r, env);
                if (r.err === undefined && bool(r.v, n.op) === decisive) return decisive;
                if (l.err) throw l.err;
                if (r.err) throw r.err;
                return !decisive;
            }
            const l = evaluate(n.l, env);
            const r = evaluate(n.r, env);
            switch (n.op) {
                case "==": return deepEqual(l, r);
                case "!=": return !deepEqual(l, r);
                case "in":
                    if (Array.isArray(r)) return r.some((x) => deepEqual(x, l));
                    if (isMap(r)) return str(l, "map key") in r;
                    throw new CelError("right side of in is not a list or map");
                case "+":
                    if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
                    if (typeof l === "string" && typeof r === "string") return l + r;
                    if (typeof l === "number" && typeof r === "number") return l + r;
                    throw new CelError("no matching overload for +");
                default: throw new CelError(`operator ${n.op} not modelled`);
            }
        }
        case "call": {
            if (n.target === undefined) {
                if (n.fn !== "has") throw new CelError(`function ${n.fn} not modelled`);
                const arg = n.args[0];
                if (n.args.length !== 1 || arg.t !== "sel") throw new CelError("has() needs a field selection");
                const o = evaluate(arg.obj, env);
                if (!isMap(o)) throw new CelError("has() on a non-map");
                return arg.field in o;
            }
            if (n.fn === "all" || n.fn === "exists") {
                const list = evaluate(n.target, env);
                if (!Array.isArray(list)) throw new CelError(`${n.fn}() on a non-list`);
                const v = n.args[0];
                if (n.args.length !== 2 || v.t !== "id") throw new CelError(`${n.fn}() needs (var, predicate)`);
                const results = list.map((item) => tryEval(n.args[1], { ...env, [v.name]: item }));
                const decisive = n.fn === "exists";
                if (results.some((r) => r.err === undefined && bool(r.v, n.fn) === decisive)) return decisive;
                const err = results.find((r) => r.err);
                if (err?.err) throw err.err;
                return !decisive;
            }
            if (!["startsWith", "endsWith", "matches"].includes(n.fn) || n.args.length !== 1) throw new CelError(`method ${n.fn}/${n.args.length} not modelled`);
            const target = str(evaluate(n.target, env), `target of ${n.fn}`);
            const arg = str(evaluate(n.args[0], env), `argument of ${n.fn}`);
            switch (n.fn) {
                case "startsWith": return target.startsWith(arg);
                case "endsWith": return target.endsWith(arg);
                case "matches": return new RegExp(arg).test(target);
                default: throw new CelError(`method ${n.fn} not modelled`);
            }
        }
    }
}

/** Parses and evaluates `src` in `env`. */
export function evalCel(src: string, env: Record<string, Value>): Value {
    return evaluate(parseCel(src), env);
}
