/**
 * tools/tsc-projects.cjs skips a project whose last build is still good, deciding from file times as
 * `tsc --build` does (issue 19: a repeated `npm test` need not parse every declaration file again).
 * A temporary project is built with the compiler's incremental API, then changed in each way that
 * must make it build again.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { upToDate } = require("../tools/tsc-projects.cjs") as {
    upToDate(parsed: ts.ParsedCommandLine, configFile: string): boolean;
};

function project(): { dir: string; config: string; parse(): ts.ParsedCommandLine; build(): number } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsc-projects-"));
    const config = path.join(dir, "tsconfig.json");
    fs.writeFileSync(
        config,
        JSON.stringify({
            compilerOptions: {
                strict: true,
                target: "ES2022",
                lib: ["ES2022"],
                types: [],
                outDir: "out",
                incremental: true,
                tsBuildInfoFile: "out/.tsbuildinfo",
            },
            include: ["*.ts"],
        }),
    );
    fs.writeFileSync(path.join(dir, "a.ts"), "export const a: number = 1;\n");
    const parse = () =>
        ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const build = () => {
        const parsed = parse();
        const program = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options: parsed.options });
        const errors = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.emit().diagnostics];
        return errors.length;
    };
    return { dir, config, parse, build };
}

/** Makes a file newer than the last build, as an edit a moment later would. */
function later(file: string): void {
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(file, t, t);
}

describe("tools/tsc-projects.cjs: a project whose last build is still good is skipped", () => {
    it("up to date after a clean build; not before one, nor after a source, a new file or the tsconfig changed", () => {
        const p = project();
        try {
            assert.equal(upToDate(p.parse(), p.config), false, "never built");
            assert.equal(p.build(), 0);
            assert.equal(upToDate(p.parse(), p.config), true, "built, nothing changed");

            later(path.join(p.dir, "a.ts"));
            assert.equal(upToDate(p.parse(), p.config), false, "a source is newer than the build");
            assert.equal(p.build(), 0);
            const now = new Date(Date.now() + 10_000);
            fs.utimesSync(path.join(p.dir, "out", ".tsbuildinfo"), now, now);
            assert.equal(upToDate(p.parse(), p.config), true);

            fs.writeFileSync(path.join(p.dir, "b.ts"), "export const b = 2;\n");
            fs.utimesSync(path.join(p.dir, "b.ts"), new Date(0), new Date(0));
            assert.equal(upToDate(p.parse(), p.config), false, "a file the build never read, however old");
            fs.rmSync(path.join(p.dir, "b.ts"));
            assert.equal(upToDate(p.parse(), p.config), true);

            const later2 = new Date(Date.now() + 20_000);
            fs.utimesSync(p.config, later2, later2);
            assert.equal(upToDate(p.parse(), p.config), false, "the tsconfig changed");
        } finally {
            fs.rmSync(p.dir, { recursive: true, force: true });
        }
    });

    it("a build with errors is never up to date: the next run compiles it and shows them again", () => {
        const p = project();
        try {
            fs.writeFileSync(path.join(p.dir, "a.ts"), 'export const a: number = "one";\n');
            assert.ok(p.build() > 0);
            const now = new Date(Date.now() + 10_000);
            fs.utimesSync(path.join(p.dir, "out", ".tsbuildinfo"), now, now);
            assert.equal(upToDate(p.parse(), p.config), false);
        } finally {
            fs.rmSync(p.dir, { recursive: true, force: true });
        }
    });

    it("a build of another TypeScript version is not up to date", () => {
        const p = project();
        try {
            assert.equal(p.build(), 0);
            const info = path.join(p.dir, "out", ".tsbuildinfo");
            const build = JSON.parse(fs.readFileSync(info, "utf8")) as { version: string };
            fs.writeFileSync(info, JSON.stringify({ ...build, version: "0.0.1" }));
            assert.equal(upToDate(p.parse(), p.config), false);
        } finally {
            fs.rmSync(p.dir, { recursive: true, force: true });
        }
    });
});
