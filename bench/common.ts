/** What the bench's parts share: paths, targets and formatting. */
import * as path from "path";

export const REPO = path.resolve(__dirname, "..");
export const SCRATCH = path.join(REPO, ".check-out", "bench");
export const ONE_POLICY = path.join(REPO, "test", "fixtures", "packs", "one-policy");
export const FLOOR_64 = path.join(REPO, "test", "fixtures", "packs", "floor-64");

export const TARGETS = {
    coldStart: "≤ 1.1 × one-policy pack",
    analyze: "≤ 1.2 × one-policy pack",
    checkDev: "≤ 5 s",
    check10k: "≤ 15 s, linear (10k/1k ≈ 10)",
};

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
