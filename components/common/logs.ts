/** Retention values CloudWatch Logs accepts, in days (DATA-3: a retention is mandatory; "never expire" is not offered). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** Default retention for audit and flow logs: a year, long enough for most incident investigations. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

export function isLogRetentionDays(value: unknown): value is LogRetentionDays {
    return LOG_RETENTION_DAYS.some((d) => d === value);
}
