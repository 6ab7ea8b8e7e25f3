/** One default ThreatDetection run per args shape, shared by the detection tests (each run costs ~1 s). */
import { ThreatDetection, ThreatDetectionArgs } from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, runPulumi } from "../support/harness";

export const NAME = "td";
export const ADMIN_ACCOUNT = "210987654321";
/** The audit bucket's physical name: `<component>-<account>-<region>`, fixed so its policy is known at preview. */
export const AUDIT_BUCKET = `${NAME}-audit-${MOCK_ACCOUNT_ID}-${MOCK_REGION}`;

export function runDetection(args: ThreatDetectionArgs = {}): Promise<RunResult<ThreatDetection>> {
    return runPulumi(() => new ThreatDetection(NAME, args));
}

/** Runs `build` and reports whether it threw, plus what was registered (must be nothing). */
export async function runExpectingError(build: () => unknown): Promise<{ message: string; registered: number }> {
    let message = "";
    const run = await runPulumi(() => {
        try {
            build();
        } catch (e) {
            message = (e as Error).message;
        }
        return undefined;
    });
    return { message, registered: run.resources.length };
}
