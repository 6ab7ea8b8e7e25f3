// Writes docs/policies.md from the policy metadata: `npm run catalogue`.
import { writeFileSync } from "fs";
import { join } from "path";
import { renderCatalogue } from "../lib/catalogue";
import { ALL_POLICIES } from "../policies";

const target = join(__dirname, "..", "..", "docs", "policies.md");
writeFileSync(target, renderCatalogue(ALL_POLICIES));
console.log(`wrote ${target}`);
