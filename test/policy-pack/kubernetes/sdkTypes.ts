/**
 * Every resource type token of the installed @pulumi/kubernetes SDK, read from its
 * JavaScript: the `__pulumiType` of each resource class and the type each local component
 * (yaml v1 ConfigFile/ConfigGroup, kustomize v1 Directory) registers itself with. Aliases
 * are not types. The provider's own token ("kubernetes") is left out: it is a provider.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.dirname(require.resolve("@pulumi/kubernetes/package.json"));
const CLASS_TYPE = /__pulumiType = '([^']+)'/g;
const COMPONENT_TYPE = /super\("(kubernetes:[^"]+)"/g;

function jsFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : jsFiles(p);
        return e.name.endsWith(".js") ? [p] : [];
    });
}

let cache: readonly string[] | undefined;

export function kubernetesSdkTypes(): readonly string[] {
    if (cache === undefined) {
        const found = new Set<string>();
        for (const file of jsFiles(ROOT)) {
            const text = fs.readFileSync(file, "utf8");
            for (const re of [CLASS_TYPE, COMPONENT_TYPE]) {
                for (const m of text.matchAll(re)) found.add(m[1]);
            }
        }
        found.delete("kubernetes");
        cache = [...found].sort();
    }
    return cache;
}
