/**
 * Nothing in the repository points outside it: every relative link in a Markdown file the
 * repository tracks resolves to a file or folder inside the repository.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { dirname, join, relative, resolve } from "path";

const ROOT = resolve(__dirname, "..");

function trackedMarkdown(): string[] {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.md"], {
        cwd: ROOT,
        encoding: "utf8",
    });
    return out.split("\0").filter((f) => f !== "" && !f.includes("node_modules/"));
}

/** Link targets of `[text](target)` that are not URLs or in-page anchors. */
function relativeLinks(text: string): string[] {
    const links: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
        links.push(target.split("#")[0]);
    }
    return links;
}

describe("repository links", () => {
    const files = trackedMarkdown();
    it("finds the Markdown files", () => {
        assert.ok(files.includes("README.md") && files.length > 5, files.join(", "));
    });
    for (const file of files) {
        it(`${file}: every relative link stays inside the repository and exists`, () => {
            const text = readFileSync(join(ROOT, file), "utf8");
            for (const link of relativeLinks(text)) {
                const target = link.startsWith("/") ? link : resolve(ROOT, dirname(file), link);
                const inside = relative(ROOT, target);
                assert.ok(!inside.startsWith("..") && !link.startsWith("/"), `${file} links ${link}, outside the repository`);
                assert.ok(existsSync(target), `${file} links ${link}, which does not exist`);
            }
            assert.doesNotMatch(text, /\.\.\/shared\/|\/work\//, `${file} points at a folder outside the repository`);
        });
    }
});
