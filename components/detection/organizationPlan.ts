/**
 * Pure organization-mode planning (DET-7): the delegated administrator account is required and must be
 * a 12-digit account id.
 */
import { Reporter, reporter } from "../common/validation";

const ACCOUNT_ID_PATTERN = /^\d{12}$/;

export function validateOrganizationArgs(
    organizationMode: boolean,
    delegatedAdminAccountId: string | undefined,
    r: Reporter = reporter("ThreatDetection"),
): void {
    if (!organizationMode) return;
    if (delegatedAdminAccountId === undefined || delegatedAdminAccountId.length === 0) {
        r.fail({
            path: ["organizationMode"],
            value: organizationMode,
            shown: "",
            problem: `is on but ${r.name("delegatedAdminAccountId")} is missing`,
            allowed: "give the 12-digit id of the security (delegated administrator) account",
        });
    }
    if (!ACCOUNT_ID_PATTERN.test(delegatedAdminAccountId)) {
        r.fail({
            path: ["delegatedAdminAccountId"],
            value: delegatedAdminAccountId,
            problem: "is not a 12-digit AWS account id",
            allowed: "give the security account's id, twelve digits",
        });
    }
}
