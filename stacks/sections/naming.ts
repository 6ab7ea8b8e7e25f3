/**
 * How stack config errors name places: by config key (`secure-baseline:nodeGroups[0].maxSize`). Sections run
 * the components' own validators with a Naming built here from a table of argument path → config path, so
 * the component's ValidationError already names the key; no message text is rewritten.
 */
import { ArgPath, Naming, Problem, ValidationError, tableNaming } from "../../components";

/** The project name, and so the namespace of every key in Pulumi.<stack>.yaml. */
export const CONFIG_NAMESPACE = "secure-baseline";

/** `secure-baseline:<key>` as it appears in stack files and messages. */
export function configKey(key: string): string {
    return `${CONFIG_NAMESPACE}:${key}`;
}

/**
 * Names a component's argument paths as config keys: the longest leading part of a path found in `table`
 * (dotted argument path → config key, or a config path for a list entry) is replaced; a path with no entry
 * is put under `under` (the config path the component's arguments came from), else kept.
 */
export function configNaming(table: Readonly<Record<string, string | ArgPath>>, under?: ArgPath): Naming {
    const paths = Object.fromEntries(Object.entries(table).map(([arg, to]) => [arg, typeof to === "string" ? [to] : to]));
    return tableNaming(paths, { namespace: CONFIG_NAMESPACE, under });
}

/** A bad value the stack itself refuses (no component validator involved), its path a config path. */
export function configError(found: Problem): ValidationError {
    return new ValidationError(found, { namespace: CONFIG_NAMESPACE });
}
