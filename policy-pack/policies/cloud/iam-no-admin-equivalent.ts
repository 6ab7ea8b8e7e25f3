import { asArray, globToRegExp, isUnknown, readPath, stackPolicy } from "../../lib";
import type { CheckContext, Data, StackResourceView, StackView } from "../../lib";
import { adminFindings } from "../shared/iam-privilege";
import { adminManagedPolicy } from "../shared/iam-sensitive";
import {
    ATTACHMENTS,
    AttachmentProperty,
    GROUP,
    INLINE_TYPES,
    POLICY,
    ROLE,
    USER,
    attachedArns,
    attachmentPrincipals,
    grantsOf,
    identifiers,
    linkedPolicies,
    principalGrants,
    readPolicy,
    readRole,
} from "./iam-principal-documents";

const FIX_DOC =
    'list the actions the principal needs on the resources it needs (no service wildcards of iam, sts, kms, organizations, secretsmanager, ssm, eks, sso; no iam:PassRole on "*"), or add the principal to adminAllowlist in the pack config';

function allowed(ctx: CheckContext, names: readonly string[]): boolean {
    const patterns = ctx.configStrings("adminAllowlist");
    return names.some((n) => patterns.some((p) => globToRegExp(p).test(n)));
}

/** Judges one document alone; returns its findings so the union check can skip them. */
function judgeDocument(ctx: CheckContext, value: Data, label: string, path: string): string[] {
    const read = grantsOf(value, label, path);
    switch (read.state) {
        case "absent":
            return [];
        case "unknown":
            ctx.isUnknown(read.unknown, read.path);
            return [];
        case "malformed":
            ctx.violation(
                `${path} of ${label} cannot be read (${read.problem}), so it may grant anything`,
                "pass a valid JSON policy document",
            );
            return [];
        case "ok": {
            const found = adminFindings(read.grants);
            found.forEach((f) => ctx.violation(`${label} is admin-equivalent: it allows ${f}`, FIX_DOC));
            return found;
        }
    }
}

/** Managed ARNs: AWS admin policies by name; unknown ARNs not made in this program fail closed. */
function judgeArns(
    ctx: CheckContext,
    arns: readonly Data[],
    list: string | undefined,
    single: string,
    owner: string,
    linked: boolean,
): void {
    arns.forEach((arn, i) => {
        const path = list !== undefined ? `${list}.${i}` : single;
        if (isUnknown(arn)) {
            if (!linked) ctx.isUnknown(arn, path);
            return;
        }
        if (typeof arn !== "string") {
            ctx.violation(`${path} of ${owner} is not an ARN string (${JSON.stringify(arn)?.slice(0, 40)})`, "pass policy ARNs as strings");
            return;
        }
        const name = adminManagedPolicy(arn);
        if (name) ctx.violation(`${owner} attaches the AWS-managed policy ${name} (${arn}), which is admin-equivalent`, FIX_DOC);
    });
}

function checkPrincipal(subject: StackResourceView, stack: StackView, ctx: CheckContext): void {
    const owner = `"${subject.name}"`;
    const single: string[] = [];
    if (subject.type === ROLE) {
        const inline = readRole(subject.props, "inlinePolicies");
        if (ctx.containsUnknown(inline, "inlinePolicies")) return;
        asArray(inline).forEach((_, i) =>
            single.push(
                ...judgeDocument(
                    ctx,
                    readRole(subject.props, "inlinePolicies", i, "policy"),
                    `inline policy ${i} of ${owner}`,
                    `inlinePolicies.${i}.policy`,
                ),
            ),
        );
        const managed = readRole(subject.props, "managedPolicyArns");
        if (isUnknown(managed)) {
            if (linkedPolicies(stack, subject, "managedPolicyArns").length === 0) ctx.isUnknown(managed, "managedPolicyArns");
        } else {
            judgeArns(
                ctx,
                asArray(managed),
                "managedPolicyArns",
                "managedPolicyArns",
                `role ${owner}`,
                linkedPolicies(stack, subject, "managedPolicyArns").length > 0,
            );
        }
    }
    // Documents attached separately are judged on their own resources; here only what they grant together.
    const { grants } = principalGrants(stack, subject);
    for (const f of adminFindings(grants)) {
        if (!single.includes(f)) ctx.violation(`the policies of ${owner} together are admin-equivalent: they allow ${f}`, FIX_DOC);
    }
}

/**
 * IAM-1: no identity policy, alone or together with the others reaching the same
 * principal, is admin-equivalent unless the principal is on the allowlist
 * (docs/pack.md, "Privilege (IAM)").
 */
export const iamNoAdminEquivalent = stackPolicy({
    name: "iam-no-admin-equivalent",
    control: "IAM-1",
    severity: "critical",
    layer: "cloud",
    description:
        "IAM identity policies (documents, attachments, managed ARNs; alone or together per principal) must not be admin-equivalent: every action of a sensitive service on all resources, a privilege-escalation action, iam:PassRole with a compute create, or an AWS-managed admin policy.",
    references: [
        { framework: "FSBP", id: "IAM.1" },
        { framework: "FSBP", id: "IAM.21" },
        { framework: "BPG", id: "least privilege (IAM)" },
    ],
    remediation: FIX_DOC,
    config: {
        adminAllowlist: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Patterns (* and ?) of principals or policies that may be admin-equivalent, matched against the Pulumi resource name, the `name` and the `arn` (and, for attachments, the attached role/user/group). Empty: none.",
        },
    },
    subjectTypes: [POLICY, ROLE, USER, GROUP, ...Object.keys(INLINE_TYPES), ...Object.keys(ATTACHMENTS)],
    check: (subject, stack, ctx) => {
        if (allowed(ctx, identifiers(subject))) return;
        if (subject.type === POLICY || subject.type in INLINE_TYPES) {
            const owner = INLINE_TYPES[subject.type];
            const principals = owner ? attachmentPrincipalsOf(stack, subject, owner) : [];
            if (principals.length > 0 && principals.every((names) => allowed(ctx, names))) return;
            judgeDocument(
                ctx,
                readPolicy(subject.props, "policy"),
                `${subject.type === POLICY ? "policy" : "inline policy"} "${subject.name}"`,
                "policy",
            );
            return;
        }
        if (subject.type in ATTACHMENTS) {
            const principals = attachmentPrincipals(stack, subject);
            if (principals.length > 0 && principals.every((names) => allowed(ctx, names))) return;
            const spec = ATTACHMENTS[subject.type];
            const value = readPath(subject.props, spec.arns.path);
            const linked = linkedPolicies(stack, subject, spec.arns.name).length > 0;
            if (isUnknown(value)) {
                if (!linked) ctx.isUnknown(value, spec.arns.name);
                return;
            }
            judgeArns(
                ctx,
                attachedArns(subject),
                Array.isArray(value) ? spec.arns.name : undefined,
                spec.arns.name,
                `attachment "${subject.name}"`,
                linked,
            );
            return;
        }
        checkPrincipal(subject, stack, ctx);
    },
});

/** The principal an inline policy resource belongs to, as identifier lists. */
function attachmentPrincipalsOf(stack: StackView, doc: StackResourceView, prop: AttachmentProperty): string[][] {
    const urns = doc.propertyDependencies[prop.name] ?? [];
    const linked = stack.resources.filter((r) => urns.includes(r.urn)).map(identifiers);
    const literal = readPath(doc.props, prop.path);
    return typeof literal === "string" && literal !== "" ? [...linked, [literal]] : linked;
}
