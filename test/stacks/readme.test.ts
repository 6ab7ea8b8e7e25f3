/**
 * The README's configuration table is a promise to users: every key declared in Pulumi.yaml appears there
 * with the same type and default, and the two structured keys are listed too.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");

interface Entry {
    type: string;
    default?: unknown;
    items?: { type: string };
}

describe("README configuration table", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const project = parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, Entry> };
    const rows = new Map(
        readme
            .split("\n")
            .filter((l) => l.startsWith("| `"))
            .map((l) => {
                const cells = l.split(" | ");
                return [cells[0].replace(/^\| `|`$/g, ""), cells] as const;
            }),
    );

    for (const [key, entry] of Object.entries(project.config)) {
        it(`lists ${key} with its type and default`, () => {
            const row = rows.get(key);
            assert.ok(row, `README has no row for ${key}`);
            const type = entry.type === "array" ? `array of ${entry.items?.type}` : entry.type;
            assert.equal(row[1], type);
            assert.equal(row[2], entry.default === undefined ? "**required**" : `\`${JSON.stringify(entry.default)}\``);
        });
    }

    it("lists the structured keys that Pulumi.yaml cannot declare", () => {
        assert.ok(rows.has("nodeGroups") && rows.has("teams"));
    });
});
