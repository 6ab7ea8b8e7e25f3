// Compiles several of the repository's TypeScript projects in one process, as `tsc -p` would one
// after another, but parsing each declaration file once: the projects all read the same
// @pulumi/aws and @pulumi/kubernetes types (about a million lines, five seconds of parsing and
// binding per project), and a declaration file's syntax tree does not depend on which project reads
// it. `tsc --build` shares them the same way between the projects of a solution; these projects
// are not composite (the type check of the whole tree would have to be split into projects), so
// this script does the sharing itself with the compiler's public API.
//
// Each project is compiled incrementally (its .tsbuildinfo where `npm run typecheck` / `build:dist`
// / `build:pack` keep theirs, so those scripts and this one see each other's work) or skipped when
// its last build is still good (upToDate below), its errors are printed as tsc prints them, and the
// exit status is 1 if any project has an error.
// Usage: node tools/tsc-projects.cjs [--force] PROJECT... (names below, compiled in the order given;
// `npm test`, `npm run build` and `npm run compile` use it). --force compiles even the projects that
// are up to date, as `tsc --build --force` does (the bench's `compile` part measures the compiles).
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");

/** The projects by name: their tsconfig and what `tsc` is told beyond it (as the npm scripts do). */
const PROJECTS = {
    typecheck: {
        config: "tsconfig.json",
        options: { noEmit: true, incremental: true, tsBuildInfoFile: "node_modules/.cache/secure-baseline/typecheck.tsbuildinfo" },
    },
    dist: { config: "tsconfig.build.json", options: { incremental: true, tsBuildInfoFile: "dist/.tsbuildinfo" } },
    pack: { config: "policy-pack/tsconfig.json", options: { incremental: true, tsBuildInfoFile: "policy-pack/bin/.tsbuildinfo" } },
    functions: { config: "functions/containment/tsconfig.json", options: {} },
};

/** Declaration files already parsed (and bound) by an earlier project, by path and parse options. */
const declarations = new Map();

function sharedKey(fileName, languageVersionOrOptions) {
    const o = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    return `${fileName}\0${o.languageVersion}\0${o.impliedNodeFormat}\0${o.jsDocParsingMode}`;
}

const formatHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => ts.sys.newLine,
};

/** Newest modification time among `files` (a missing file counts as newest of all). */
function newest(files) {
    let t = 0;
    for (const f of files) {
        try {
            t = Math.max(t, fs.statSync(f).mtimeMs);
        } catch {
            return Infinity;
        }
    }
    return t;
}

/**
 * True when the project's last build is still good, so the compiler need not even load it: as
 * `tsc --build` decides, from times alone. Its .tsbuildinfo records a build without errors,
 * checked and emitted in full, and is newer than every file that build read (sources and
 * declarations alike), the project's root files (a file added since counts), its tsconfig and the
 * root one it extends, the lock files (an install changes node_modules) and this script.
 * Without this check the incremental compiler still parses every file to find out, about ten
 * seconds of a repeated `npm test`.
 */
function upToDate(parsed, configFile) {
    const info = parsed.options.tsBuildInfoFile;
    if (!info || !fs.existsSync(info)) return false;
    let build;
    try {
        build = JSON.parse(fs.readFileSync(info, "utf8"));
    } catch {
        return false;
    }
    if (build.version !== ts.version || !Array.isArray(build.fileNames)) return false;
    // Errors, or work left for the next build (a file not checked or not emitted yet).
    for (const key of ["errors", "semanticDiagnosticsPerFile", "emitDiagnosticsPerFile", "changeFileSet", "checkPending", "pendingEmit"]) {
        if (build[key] !== undefined) return false;
    }
    if (build.affectedFilesPendingEmit !== undefined && !parsed.options.noEmit) return false;
    const dir = path.dirname(info);
    const read = new Set(build.fileNames.map((f) => path.resolve(dir, f)));
    if (parsed.fileNames.some((f) => !read.has(path.resolve(f)))) return false;
    const others = [
        configFile,
        path.join(ROOT, "tsconfig.json"),
        path.join(ROOT, "package-lock.json"),
        path.join(ROOT, "node_modules", ".package-lock.json"),
        __filename,
    ];
    return newest([...read, ...others]) <= fs.statSync(info).mtimeMs;
}

/** Compiles one project (unless it is up to date and `force` is not set); returns its number of errors. */
function compile(name, force) {
    const project = PROJECTS[name];
    const configFile = path.join(ROOT, project.config);
    const overrides = { ...project.options };
    if (overrides.tsBuildInfoFile) overrides.tsBuildInfoFile = path.join(ROOT, overrides.tsBuildInfoFile);
    const diagnostics = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, overrides, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
    });
    if (!parsed) return report(name, diagnostics);
    if (!force && diagnostics.length === 0 && parsed.errors.length === 0 && upToDate(parsed, configFile)) return 0;
    const host = ts.createIncrementalCompilerHost(parsed.options);
    const ownGetSourceFile = host.getSourceFile;
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
        if (shouldCreateNewSourceFile || !fileName.endsWith(".d.ts")) {
            return ownGetSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
        }
        const key = sharedKey(fileName, languageVersionOrOptions);
        let file = declarations.get(key);
        if (!file) {
            file = ownGetSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
            if (file) declarations.set(key, file);
        }
        return file;
    };
    const program = ts.createIncrementalProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        projectReferences: parsed.projectReferences,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
        host,
    });
    // The order tsc reports in: config and options, then syntax; semantics only when the syntax is sound.
    diagnostics.push(
        ...program.getConfigFileParsingDiagnostics(),
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...program.getSyntacticDiagnostics(),
    );
    if (diagnostics.length === 0) diagnostics.push(...program.getSemanticDiagnostics());
    // Emits the outputs (none under noEmit) and the .tsbuildinfo; declaration errors come with it.
    diagnostics.push(...program.emit().diagnostics);
    const errors = report(name, diagnostics);
    // The compiler leaves the .tsbuildinfo alone when nothing it records changed (a file saved
    // again as it was): its time is brought up to now, as `tsc --build` does, for upToDate.
    const info = parsed.options.tsBuildInfoFile;
    if (errors === 0 && info && fs.existsSync(info)) {
        const now = new Date();
        fs.utimesSync(info, now, now);
    }
    return errors;
}

function report(name, diagnostics) {
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (diagnostics.length > 0) {
        const text = process.stdout.isTTY
            ? ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost)
            : ts.formatDiagnostics(diagnostics, formatHost);
        process.stdout.write(text);
    }
    if (errors.length > 0) process.stdout.write(`${name} (${PROJECTS[name].config}): ${errors.length} error(s)\n`);
    return errors.length;
}

function main() {
    const args = process.argv.slice(2);
    const force = args.includes("--force");
    const names = args.filter((a) => a !== "--force");
    const unknown = names.filter((n) => !(n in PROJECTS));
    if (names.length === 0 || unknown.length > 0) {
        process.stderr.write(
            `tools/tsc-projects.cjs: ${unknown.length ? `unknown project ${unknown.join(", ")}` : "no project given"}; projects: ${Object.keys(PROJECTS).join(", ")}\n`,
        );
        process.exitCode = 2;
        if (process.connected) process.disconnect();
        return;
    }
    let errors = 0;
    for (const name of names) {
        const n = compile(name, force);
        errors += n;
        // Started with an IPC channel (test/support/npm-test.mjs): each project's result as it is done,
        // so that mocha can start once the builds are, while the type check goes on.
        if (process.send) process.send({ project: name, errors: n });
    }
    process.exitCode = errors > 0 ? 1 : 0;
    if (process.connected) process.send({ done: true }, () => process.disconnect());
}

if (require.main === module) main();
// For the tests (test/tsc-projects.test.ts).
module.exports = { upToDate };
