import type * as aws from "@pulumi/aws";
import { CheckContext, ResourceView, asArray, readerFor, resourcePolicy } from "../../lib";
import { DocumentAt, TRUSTED_ACCOUNTS_CONFIG, allowStatements, allowsAny, anyoneMessage, untrustedOf } from "../shared/resource-policy";

const REPOSITORY_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const replication = readerFor<aws.ecr.ReplicationConfigurationArgs>();

/** Replication copies every matching image into each destination registry: those are ours or trusted. */
function judgeReplication(r: ResourceView, ctx: CheckContext): void {
    const rules = replication(r.props, "replicationConfiguration", "rules");
    if (ctx.isUnknown(rules, "replicationConfiguration.rules")) return;
    const trusted = ctx.configStrings("trustedAccountIds");
    asArray(rules).forEach((_, i) => {
        const destinations = replication(r.props, "replicationConfiguration", "rules", i, "destinations");
        if (ctx.isUnknown(destinations, `replicationConfiguration.rules.${i}.destinations`)) return;
        asArray(destinations).forEach((__, j) => {
            const path = `replicationConfiguration.rules.${i}.destinations.${j}.registryId`;
            const registry = replication(r.props, "replicationConfiguration", "rules", i, "destinations", j, "registryId");
            if (ctx.isUnknown(registry, path)) return;
            if (typeof registry !== "string" || !/^\d{12}$/.test(registry.trim())) {
                ctx.violation(
                    `ECR replication "${r.name}" has a destination that is not a 12-digit registry ID (${path})`,
                    "set registryId to an account ID listed in trustedAccountIds",
                );
            } else if (trusted.length === 0) {
                ctx.note(
                    `ECR replication "${r.name}": destination ${registry} (${path}) cannot be judged because trustedAccountIds is empty; set it in the config of ecr-policy-restricted`,
                );
            } else if (!trusted.includes(registry.trim())) {
                ctx.violation(
                    `ECR replication "${r.name}" copies images to registry ${registry} (${path}), outside trustedAccountIds`,
                    "replicate only to registries of your own accounts, listed in trustedAccountIds",
                );
            }
        });
    });
}

/** Actions that change what a repository serves (push, overwrite, delete, replicate into). */
export const ECR_WRITE_ACTIONS = [
    "ecr:putimage",
    "ecr:initiatelayerupload",
    "ecr:uploadlayerpart",
    "ecr:completelayerupload",
    "ecr:batchdeleteimage",
    "ecr:replicateimage",
    "ecr:createrepository",
    "ecr:batchimportupstreamimage",
];

const DOCUMENT: Readonly<Record<string, DocumentAt>> = {
    [REPOSITORY_POLICY]: { path: "policy", read: (p) => readerFor<aws.ecr.RepositoryPolicyArgs>()(p, "policy") },
    [REGISTRY_POLICY]: { path: "policy", read: (p) => readerFor<aws.ecr.RegistryPolicyArgs>()(p, "policy") },
    [CREATION_TEMPLATE]: {
        path: "repositoryPolicy",
        read: (p) => readerFor<aws.ecr.RepositoryCreationTemplateArgs>()(p, "repositoryPolicy"),
    },
};

/**
 * CTR-1: who may pull or push images. No statement lets anyone in (judged as for KMS key
 * policies: "*" counts unless a condition pins the caller's account or organisation), and
 * write actions (push, delete, replicate, in any spelling: ecr:*, ecr:Put*, NotAction)
 * reach only trusted accounts (config trustedAccountIds / trustedOrganizationIds); replication
 * copies images only into registries of trusted accounts.
 */
export const ecrPolicyRestricted = resourcePolicy({
    name: "ecr-policy-restricted",
    control: "CTR-1",
    severity: "high",
    layer: "container",
    description:
        'ECR repository policies, registry policies and repository creation templates must not allow anyone ("*" without an account or organisation condition) and must not let accounts outside trustedAccountIds / trustedOrganizationIds push, delete or replicate images, nor replicate to registries outside trustedAccountIds.',
    references: [],
    remediation:
        "name the pulling principals explicitly; grant push (ecr:PutImage and the layer upload actions) only to roles of your own accounts, listed in trustedAccountIds",
    config: TRUSTED_ACCOUNTS_CONFIG,
    resourceTypes: [...Object.keys(DOCUMENT), REPLICATION],
    check: (r, ctx) => {
        if (r.type === REPLICATION) {
            judgeReplication(r, ctx);
            return;
        }
        const where = DOCUMENT[r.type];
        const allows = allowStatements(r, where, "ECR policy", ctx);
        if (!allows) return;
        const accounts = ctx.configStrings("trustedAccountIds");
        const orgs = ctx.configStrings("trustedOrganizationIds");
        let unjudged = false;
        for (const s of allows) {
            const at = `${where.path}.Statement.${s.index}`;
            if (s.publicAccess) {
                ctx.violation(anyoneMessage(r, where, "ECR policy", s));
                continue;
            }
            if (!allowsAny(s, ECR_WRITE_ACTIONS)) continue;
            const outside = untrustedOf(s, accounts, orgs);
            if (outside === undefined) {
                unjudged ||= s.accounts.length > 0 || s.organizations.length > 0;
                continue;
            }
            if (outside.length > 0) {
                ctx.violation(
                    `the ECR policy of "${r.name}" lets ${outside.slice(0, 3).join(", ")} push or delete images in statement ${s.index}${s.sid} (${at}), outside trustedAccountIds / trustedOrganizationIds`,
                    "grant only pull actions (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) to other accounts, or add the account to trustedAccountIds",
                );
            }
        }
        if (unjudged)
            ctx.note(
                `${r.type} "${r.name}": cross-account push cannot be judged because trustedAccountIds and trustedOrganizationIds are empty; set them in the config of ecr-policy-restricted`,
            );
    },
});
