// Writes docs/policies.md and docs/controls.md from the metadata: `npm run catalogue`.
import { writeFileSync } from "fs";
import { join } from "path";
import { renderCatalogue } from "../lib/catalogue";
import { ALL_POLICIES } from "../policies";
import { renderControls, testsByControl } from "./controlsDoc";

const root = join(__dirname, "..", "..");
for (const [file, text] of [
    ["policies.md", renderCatalogue(ALL_POLICIES)],
    ["controls.md", renderControls(ALL_POLICIES, testsByControl(root))],
] as const) {
    const target = join(root, "docs", file);
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
}
