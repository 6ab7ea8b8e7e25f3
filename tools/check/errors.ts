/**
 * A failure of the check itself, not a policy verdict: the program or the pack
 * could not run, or the input is wrong. The CLI prints `message` (and `detail`,
 * the program's or pack's own output) without a stack trace of ours and exits 2.
 */
export class CheckFailure extends Error {
    constructor(message: string, public readonly detail?: string) {
        super(message);
        this.name = "CheckFailure";
    }
}

export function errorMessage(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}
