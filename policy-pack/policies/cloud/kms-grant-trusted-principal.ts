import type * as aws from "@pulumi/aws";
import { Data, readerFor, resourcePolicy } from "../../lib";
import { TRUSTED_ACCOUNTS_CONFIG } from "../shared/resource-policy";

const read = readerFor<aws.kms.GrantArgs>();
/** iam and sts ARNs have an empty region field; kms ARNs a region. */
const ARN_ACCOUNT = /^arn:aws[a-z-]*:(?:iam|sts|kms):[a-z0-9-]*:(\d{12}):/i;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i;

/** The account an ARN names, "service" for an AWS service principal, or undefined. */
export function grantAccountOf(value: string): string | undefined {
    const v = value.trim();
    if (SERVICE_PRINCIPAL.test(v)) return "service";
    if (/[*?]/.test(v)) return undefined;
    const m = ARN_ACCOUNT.exec(v);
    return m?.[1];
}

/**
 * KMS-1: a grant is a key-policy change by another name. Its grantee and retiring
 * principals belong to the key's own account (when keyId is an ARN) or to an account in
 * trustedAccountIds; a wildcard or unreadable principal fails closed. With neither the key's
 * account nor trustedAccountIds known, the grant cannot be judged and gets an advisory note.
 * An ARN does not show the account's organisation, so organisation members are listed by
 * account.
 */
export const kmsGrantTrustedPrincipal = resourcePolicy({
    name: "kms-grant-trusted-principal",
    control: "KMS-1",
    severity: "high",
    layer: "cloud",
    description:
        "KMS grants must give the key to principals of the key's own account or of an account in trustedAccountIds (granteePrincipal and retiringPrincipal); wildcard or unreadable principals fail closed.",
    references: [],
    remediation:
        "grant to a role of your own account, or list the partner account in trustedAccountIds after review; prefer a key policy statement with conditions over a grant to another account",
    config: TRUSTED_ACCOUNTS_CONFIG,
    resourceTypes: ["aws:kms/grant:Grant"],
    check: (g, ctx) => {
        // A key id, an alias or a value unknown at preview does not show the key's account.
        const keyId = read(g.props, "keyId");
        const keyAccount = typeof keyId === "string" ? grantAccountOf(keyId) : undefined;
        const trusted = [...ctx.configStrings("trustedAccountIds"), ...(keyAccount && keyAccount !== "service" ? [keyAccount] : [])];
        const principals: { path: string; value: Data }[] = [
            { path: "granteePrincipal", value: read(g.props, "granteePrincipal") },
            { path: "retiringPrincipal", value: read(g.props, "retiringPrincipal") },
        ];
        for (const p of principals) {
            if (ctx.isUnknown(p.value, p.path)) continue;
            if (p.value === undefined || p.value === null) {
                if (p.path === "granteePrincipal")
                    ctx.violation(`KMS grant "${g.name}" has no granteePrincipal`, "set granteePrincipal to a role ARN of your account");
                continue;
            }
            const account = typeof p.value === "string" ? grantAccountOf(p.value) : undefined;
            if (account === undefined) {
                ctx.violation(
                    `KMS grant "${g.name}" has a ${p.path} that is not a principal ARN of one account (${JSON.stringify(p.value).slice(0, 60)})`,
                );
                continue;
            }
            if (account === "service") continue;
            if (trusted.length === 0) {
                ctx.note(
                    `KMS grant "${g.name}": ${p.path} is in account ${account}, which cannot be judged because keyId is not a key ARN known at preview and trustedAccountIds is empty; set trustedAccountIds in the config of kms-grant-trusted-principal`,
                );
            } else if (!trusted.includes(account)) {
                ctx.violation(
                    `KMS grant "${g.name}" gives the key to account ${account} (${p.path}), outside the key's account and trustedAccountIds`,
                );
            }
        }
    },
});
