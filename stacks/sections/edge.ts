/**
 * The `edge` section: EdgeProtection (CODE-3), a WAF web ACL that every internet-facing
 * application load balancer of the account's workloads is put behind.
 */
import { z } from "zod";
import { DEFAULT_RATE_LIMIT, RATE_LIMIT_MAX, RATE_LIMIT_MIN } from "../../components";
import { booleanField, integerField } from "./fields";

export const EDGE_KEYS = {
    edgeProtection: booleanField(true),
    wafRateLimit: integerField(RATE_LIMIT_MIN, RATE_LIMIT_MAX, DEFAULT_RATE_LIMIT),
    shieldAdvanced: booleanField(false),
} as const;

type ParsedEdge = z.output<z.ZodObject<typeof EDGE_KEYS>>;

export interface EdgeConfig {
    /** false: no web ACL (CODE-3 loosened; internet-facing load balancers then fail the pack). */
    readonly enabled: boolean;
    readonly rateLimit: number;
    readonly shieldAdvanced: boolean;
}

export function edgeSection(v: ParsedEdge): EdgeConfig {
    return { enabled: v.edgeProtection, rateLimit: v.wafRateLimit, shieldAdvanced: v.shieldAdvanced };
}
