/**
 * Pure organization-mode planning (DET-7): the delegated administrator account is required and must be
 * a 12-digit account id.
 */
const ACCOUNT_ID_PATTERN = /^\d{12}$/;

export function validateOrganizationArgs(organizationMode: boolean, delegatedAdminAccountId: string | undefined): void {
    if (!organizationMode) return;
    if (delegatedAdminAccountId === undefined || delegatedAdminAccountId.length === 0) {
        throw new Error(
            "ThreatDetection: organizationMode is on but delegatedAdminAccountId is missing; give the 12-digit id of the security (delegated administrator) account",
        );
    }
    if (!ACCOUNT_ID_PATTERN.test(delegatedAdminAccountId)) {
        throw new Error(`ThreatDetection: delegatedAdminAccountId "${delegatedAdminAccountId}" is not a 12-digit AWS account id`);
    }
}
