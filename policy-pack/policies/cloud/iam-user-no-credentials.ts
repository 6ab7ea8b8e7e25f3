import type * as aws from "@pulumi/aws";
import { Data, readerFor, resourcePolicy } from "../../lib";
import { ALLOWED_USERS_CONFIG, disallowedUser } from "../shared/iam-users";

const ACCESS_KEY = "aws:iam/accessKey:AccessKey";
const LOGIN_PROFILE = "aws:iam/userLoginProfile:UserLoginProfile";
const SERVICE_CREDENTIAL = "aws:iam/serviceSpecificCredential:ServiceSpecificCredential";
const SSH_KEY = "aws:iam/sshKey:SshKey";
const SIGNING_CERTIFICATE = "aws:iam/signingCertificate:SigningCertificate";

const USER: Readonly<Record<string, { readonly what: string; readonly path: string; readonly read: (props: Data) => Data }>> = {
    [ACCESS_KEY]: { what: "a long-lived access key", path: "user", read: (p) => readerFor<aws.iam.AccessKeyArgs>()(p, "user") },
    [LOGIN_PROFILE]: {
        what: "a console password (login profile)",
        path: "user",
        read: (p) => readerFor<aws.iam.UserLoginProfileArgs>()(p, "user"),
    },
    [SERVICE_CREDENTIAL]: {
        what: "a long-lived service-specific credential",
        path: "userName",
        read: (p) => readerFor<aws.iam.ServiceSpecificCredentialArgs>()(p, "userName"),
    },
    [SSH_KEY]: { what: "an SSH public key (CodeCommit)", path: "username", read: (p) => readerFor<aws.iam.SshKeyArgs>()(p, "username") },
    [SIGNING_CERTIFICATE]: {
        what: "a signing certificate",
        path: "userName",
        read: (p) => readerFor<aws.iam.SigningCertificateArgs>()(p, "userName"),
    },
};

/**
 * IAM-1: people sign in through federation (IAM Identity Center) and workloads use roles,
 * so an IAM user with a long-lived key or a console password is a standing credential to
 * leak. Medium severity: advisory by default; make it mandatory with the pack config's
 * enforcementLevel, and list reviewed break-glass users in allowedUsers.
 */
export const iamUserNoCredentials = resourcePolicy({
    name: "iam-user-no-credentials",
    control: "IAM-1",
    severity: "medium",
    layer: "cloud",
    description:
        "IAM users must not get access keys, console passwords (login profiles), service-specific credentials, SSH keys or signing certificates, except users named in allowedUsers; use roles for workloads and federation for people.",
    references: [],
    remediation:
        "give workloads an IAM role (instance profile, Pod Identity, IRSA, OIDC federation for CI) and people IAM Identity Center access; delete the key or login profile",
    config: ALLOWED_USERS_CONFIG,
    resourceTypes: Object.keys(USER),
    check: (r, ctx) => {
        const u = USER[r.type];
        const user = disallowedUser(u.read(r.props), u.path, ctx);
        if (user !== undefined) ctx.violation(`"${r.name}" gives IAM user ${user} ${u.what}`);
    },
});
