/**
 * The components' validators name their own arguments (`SecureCluster "cluster": logRetentionDays 5 is not
 * allowed ...`). The stack runs the same validators on config values before any resource exists and
 * rewrites the leading argument path into the config key the user wrote (`secure-baseline:clusterLogRetentionDays
 * 5 is not allowed ...`), so a stack user never has to translate a component argument back into a key.
 */

/** `SecureCluster "name": `, `ThreatDetection: `, `HardenedRepository: ` and the like. */
const COMPONENT_PREFIX = /^[A-Za-z]+(?: "[^"]*")?: /;
/** The argument path a message starts with: `teams[0].viewers`, `quota.requestsCpu`, `alertSubscriptions[1].endpoint`. */
const LEADING_PATH = /^[A-Za-z]\w*(?:\[\d+\]|\.[A-Za-z]\w*)*/;

/** Maps a component argument path (as the message starts) to the config path to show instead. */
export type Relabel = (argumentPath: string) => string;

/** A Relabel from a table of top-level argument names to config keys; the rest of the path is kept. */
export function byName(table: Readonly<Record<string, string>>): Relabel {
    return (path) => path.replace(/^\w+/, (head) => table[head] ?? head);
}

/** Runs a component validator; on failure throws its message with the argument path replaced by the config key. */
export function withConfigKeys(run: () => void, relabel: Relabel): void {
    try {
        run();
    } catch (e) {
        const text = (e as Error).message.replace(COMPONENT_PREFIX, "");
        const path = LEADING_PATH.exec(text)?.[0];
        throw new Error(path === undefined ? text : relabel(path) + text.slice(path.length), { cause: e });
    }
}
