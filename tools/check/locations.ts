/**
 * Where the check finds its own package, the pack it ships and the pack config a stack of this
 * repository keeps beside its config file.
 */
import * as fs from "fs";
import * as path from "path";
import type { ProjectInfo } from "./project";

/** Pack config files a stack may keep beside its config file, tried in this order. */
export const STACK_PACK_CONFIG_NAMES = (stack: string): string[] => [`policy-pack.${stack}.json`, `policy-pack.${stack}.yaml`];

/** The folder of the package the check belongs to (this repository, or the installed npm package): the first one up holding a package.json. */
export function ownPackageDir(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    }
    return path.resolve(__dirname, "..", "..");
}

/**
 * The pack config one of this project's stacks keeps beside its `Pulumi.<stack>.yaml` (for example
 * the principals it allows to be cluster admins). Used only when the program is this repository and
 * --pack-config is not given: another program's folder never supplies a pack config by itself (a
 * file there could turn policies off unseen). The report names the file, its hash and what it weakens.
 * `pulumi preview --policy-pack-config <file>` takes the same file.
 */
export function stackPackConfigFile(project: ProjectInfo): string | undefined {
    if (project.stackConfigFile === null) return undefined;
    const dir = path.dirname(project.stackConfigFile);
    return STACK_PACK_CONFIG_NAMES(project.stack)
        .map((n) => path.join(dir, n))
        .find((f) => fs.existsSync(f));
}

/** The pack used when --pack is not given: the one this package ships (policy-pack/ beside its package.json), wherever the check runs from. */
export function bundledPackDir(): string {
    return path.join(ownPackageDir(), "policy-pack");
}
