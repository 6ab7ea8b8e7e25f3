/**
 * `npm run sigstore -- build|status`: build (or find cached) the policy-controller webhook, cosign and the
 * distribution registry (tools/sigstore/build.ts), or list where they are. Exit 0 when all are ready, 2 otherwise.
 */
import { TOOLS, buildAll, cached } from "./build";

function main(argv: string[]): number {
    const [cmd] = argv;
    if (cmd === "status") {
        for (const t of TOOLS) process.stdout.write(`${t.name} ${t.version}: ${cached(t) ?? "not built"}\n`);
        return TOOLS.every((t) => cached(t) !== undefined) ? 0 : 2;
    }
    if (cmd !== "build") {
        process.stderr.write("usage: npm run sigstore -- build|status\n");
        return 2;
    }
    const failures = buildAll();
    for (const f of failures) process.stderr.write(`sigstore build: ${f.tool.name} ${f.tool.version} failed:\n${f.error}\n`);
    return failures.length === 0 ? 0 : 2;
}

process.exitCode = main(process.argv.slice(2));
