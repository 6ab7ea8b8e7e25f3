import type * as aws from "@pulumi/aws";
import { CheckContext, Data, ResourceView, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.eks.IdentityProviderConfigArgs>();

/** Names Kubernetes reserves for itself: a prefix starting so would put OIDC users among them. */
const RESERVED = /^(system:|eks:|aws:|amazon:|iam:)/i;

function judgePrefix(r: ResourceView, value: Data, field: "usernamePrefix" | "groupsPrefix", what: string, ctx: CheckContext): void {
    const path = `oidc.${field}`;
    if (ctx.isUnknown(value, path)) return;
    if (typeof value !== "string" || value.trim() === "" || value.trim() === "-") {
        ctx.violation(
            `EKS identity provider "${r.name}" maps OIDC ${what} into the cluster without a prefix (${path} ${value === undefined || value === null ? "unset" : JSON.stringify(value).slice(0, 30)}), so the identity provider can issue a name that RBAC already binds (for example the break-glass group)`,
        );
    } else if (RESERVED.test(value.trim())) {
        ctx.violation(
            `EKS identity provider "${r.name}" prefixes OIDC ${what} with ${JSON.stringify(value.slice(0, 30))}, a prefix Kubernetes or EKS reserves (${path})`,
        );
    }
}

/**
 * EKS-4 (access is decided by the cluster's own access entries): an OIDC identity provider
 * lets its users sign in beside access entries, with the usernames and groups its tokens
 * carry. Without a username and a groups prefix, whoever administers the identity
 * provider can mint a token for a group the cluster binds to cluster-admin; a prefix keeps
 * every OIDC identity in a namespace of names of its own. The issuer must be HTTPS (EKS
 * refuses anything else; checked so a typo fails at preview).
 */
export const eksIdentityProviderPrefixed = resourcePolicy({
    name: "eks-identity-provider-prefixed",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description:
        "EKS OIDC identity provider configs must prefix the usernames and groups they map (oidc.usernamePrefix, oidc.groupsPrefix, not a reserved system:/eks: prefix) and use an https issuer.",
    references: [],
    remediation: 'set oidc.usernamePrefix and oidc.groupsPrefix (for example "oidc:") and bind RBAC to the prefixed names',
    resourceTypes: ["aws:eks/identityProviderConfig:IdentityProviderConfig"],
    check: (r, ctx) => {
        const oidc = read(r.props, "oidc");
        if (ctx.isUnknown(oidc, "oidc")) return;
        if (typeof oidc !== "object" || oidc === null || Array.isArray(oidc)) {
            ctx.violation(`EKS identity provider "${r.name}" has no readable oidc block (${JSON.stringify(oidc ?? null).slice(0, 30)})`);
            return;
        }
        judgePrefix(r, read(r.props, "oidc", "usernamePrefix"), "usernamePrefix", "usernames", ctx);
        judgePrefix(r, read(r.props, "oidc", "groupsPrefix"), "groupsPrefix", "groups", ctx);
        const issuer = read(r.props, "oidc", "issuerUrl");
        if (ctx.isUnknown(issuer, "oidc.issuerUrl")) return;
        if (typeof issuer !== "string" || !/^https:\/\/[^\s/]+/i.test(issuer.trim())) {
            ctx.violation(
                `EKS identity provider "${r.name}" has an issuer that is not an https URL (oidc.issuerUrl ${JSON.stringify(issuer ?? null).slice(0, 60)})`,
                "set oidc.issuerUrl to the provider's https issuer URL",
            );
        }
    },
});
