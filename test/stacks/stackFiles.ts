/** Reads the committed stack files the way the Pulumi CLI would hand them to the program. */
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";

export const ROOT = path.join(__dirname, "..", "..");
export const NAMESPACE = "secure-baseline:";

/** The `config:` block of stacks/Pulumi.<stack>.yaml, keys as written (`secure-baseline:azCount`, `aws:region`). */
export function stackConfig(stack: string): Record<string, unknown> {
    const file = parse(readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return file.config;
}

/** The project's own keys without the namespace, as readConfig passes them to parseConfig. */
export function projectKeys(config: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(config)
            .filter(([k]) => k.startsWith(NAMESPACE))
            .map(([k, v]) => [k.slice(NAMESPACE.length), v]),
    );
}
