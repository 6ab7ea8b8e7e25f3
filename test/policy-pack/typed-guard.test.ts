/**
 * Issue 11 item 10 stays closed: no policy file reads properties without the typed readers.
 * Scans every source file under policy-pack/policies for the untyped ways in: importing the
 * lib's untyped `at()`, indexing `props` directly (`r.props.x`, `props[key]`), and the
 * `checkedBy` escape hatch outside the helpers whose own signatures check the path. Typed
 * reads (readerFor, readerForEach, readerForAll, pathOf + readPath) are checked by tsc.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "../../policy-pack/policies");
/** Generic helpers whose parameters are typed `P & ValidPath<T, P>` and brand them for readPath. */
const CHECKED_BY_ALLOWED = ["shared/kubernetes.ts"];

function sources(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/** Untyped property reads in one file's text: what and where (line numbers, 1-based). */
export function untypedReads(relative: string, text: string): string[] {
    const found: string[] = [];
    // Comments may mention at() or props; only code counts.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/\/\/.*$/gm, "");
    code.split("\n").forEach((line, i) => {
        const where = `${relative}:${i + 1}`;
        const lib = /import\s*\{([^}]*)\}\s*from\s*"[./]*lib(\/index|\/data)?"/.exec(line);
        if (lib && lib[1].split(",").some((name) => name.trim() === "at")) found.push(`${where} imports the untyped at()`);
        if (/\bprops\s*\.\s*[A-Za-z_$]/.test(line)) found.push(`${where} reads a property of props directly`);
        if (/\bprops\s*\[/.test(line)) found.push(`${where} indexes props directly`);
        if (/\bcheckedBy\s*[<(]/.test(line) && !CHECKED_BY_ALLOWED.includes(relative))
            found.push(`${where} brands a path with checkedBy outside ${CHECKED_BY_ALLOWED.join(", ")}`);
    });
    // A multi-line import of at from the lib.
    for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"[./]*lib(?:\/index|\/data)?"/g)) {
        if (m[1].includes("\n") && m[1].split(",").some((name) => name.trim() === "at")) found.push(`${relative} imports the untyped at()`);
    }
    return found;
}

describe("typed reads stay the only reads (issue 11 item 10)", () => {
    const files = sources(ROOT);

    it("finds the policy sources (a broken scan would pass vacuously)", () => {
        assert.ok(files.length > 100, `${files.length} files`);
        assert.ok(files.some((f) => f.endsWith("shared/kubernetes.ts")));
    });

    it("no policy file reads properties without the typed readers", () => {
        const found = files.flatMap((f) => untypedReads(path.relative(ROOT, f).split(path.sep).join("/"), fs.readFileSync(f, "utf8")));
        assert.deepEqual(found, [], "read through readerFor<T>() / readerForEach / readerForAll, or pathOf<T>() with readPath");
    });

    it("the scan catches each untyped form (it can fail)", () => {
        assert.equal(untypedReads("cloud/x.ts", 'import { asString, at, resourcePolicy } from "../../lib";').length, 1);
        assert.equal(untypedReads("cloud/x.ts", 'import {\n    at,\n    readerFor,\n} from "../../lib";').length, 1);
        assert.equal(untypedReads("cloud/x.ts", "const v = r.props.securityGroupId;").length, 1);
        assert.equal(untypedReads("cloud/x.ts", "const v = subject.props[spec.arns];").length, 1);
        assert.equal(untypedReads("cloud/x.ts", "const p = checkedBy<T>(path);").length, 1);
        assert.equal(untypedReads("shared/kubernetes.ts", "const p = checkedBy<T>(path);").length, 0);
        assert.equal(untypedReads("cloud/x.ts", 'const v = read(r.props, "securityGroupId"); // r.props.x in a comment').length, 0);
        assert.equal(untypedReads("cloud/x.ts", 'import { asString, readerFor } from "../../lib";').length, 0);
    });
});
