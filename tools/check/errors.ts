/**
 * A failure of the check itself, not a policy verdict: the program or the pack
 * could not run, or the input is wrong. The CLI prints `message` (and `detail`,
 * the program's or pack's own output) without a stack trace of ours and exits 2.
 */
export class CheckFailure extends Error {
    constructor(
        message: string,
        public readonly detail?: string,
    ) {
        super(message);
        this.name = "CheckFailure";
    }
}

export function errorMessage(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

/** Characters of a bad value a message quotes at most; a longer value is cut and its length stated. */
export const QUOTE_LIMIT = 200;

/**
 * A bad value for a message: JSON-quoted, cut to QUOTE_LIMIT characters (a 5 MB value must not
 * flood the terminal or a CI log) with its full length stated when it was cut.
 */
export function quote(value: unknown): string {
    const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
    if (text.length <= QUOTE_LIMIT) return typeof value === "string" ? JSON.stringify(value) : text;
    const cut =
        typeof value === "string" ? `${JSON.stringify(text.slice(0, QUOTE_LIMIT)).slice(0, -1)}…"` : `${text.slice(0, QUOTE_LIMIT)}…`;
    return `${cut} (${text.length} characters, first ${QUOTE_LIMIT} shown)`;
}
