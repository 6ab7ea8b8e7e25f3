/**
 * EKS-4: cluster access through EKS access entries (authentication mode API).
 * The pure planner folds admins and teams into one entry per IAM principal
 * (EKS allows only one access entry per principal per cluster) and one policy
 * association per principal and access policy, with the union of its
 * namespaces. The wiring function turns the plan into resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { childName } from "../common/naming";

export const TEAM_ROLES = ["view", "edit"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/**
 * EKS access policies the baseline associates. AmazonEKSEditPolicy (and AmazonEKSAdminPolicy) are left out
 * on purpose: they mirror the Kubernetes `edit`/`admin` ClusterRoles, which read and write Secrets, exec
 * into pods and patch pods. EKS authorizes a request when EITHER an access policy OR RBAC allows it, so such
 * a policy would override the in-cluster `edit` Role (no Secrets, no pod patching: K8S-3, K8S-5).
 */
export const ACCESS_POLICIES = {
    clusterAdmin: "AmazonEKSClusterAdminPolicy",
    view: "AmazonEKSViewPolicy",
} as const;
export type AccessPolicy = keyof typeof ACCESS_POLICIES;

/**
 * The access policy each team role gets. Both get only the Kubernetes `view` role's reads (no Secrets);
 * an editor's write rights come solely from the in-cluster RoleBinding of the `edit` Role to
 * `teamGroupName(team, "edit")`, which the access entry carries. So the access policy never grants more
 * than the Role the baseline defines.
 */
export const TEAM_ROLE_ACCESS_POLICY: Readonly<Record<TeamRole, AccessPolicy>> = { view: "view", edit: "view" };

export function accessPolicyArn(partition: string, policy: AccessPolicy): string {
    return `arn:${partition}:eks::aws:cluster-access-policy/${ACCESS_POLICIES[policy]}`;
}

/**
 * The Kubernetes group a team role maps to. In-cluster RoleBindings (made by
 * NamespaceBaseline) bind to exactly this name, so it is part of the public
 * contract: changing it breaks every binding. EKS reserves the `system:`,
 * `eks:`, `aws:`, `amazon:` and `iam:` prefixes; this format uses none of them.
 */
export function teamGroupName(team: string, role: TeamRole): string {
    return `team:${team}:${role}`;
}

/**
 * A team's access: the namespaces it works in, and IAM principals (role or
 * user ARNs) that view or edit there. Each principal gets AmazonEKSViewPolicy
 * scoped to those namespaces, and the Kubernetes group `teamGroupName(name, role)`;
 * whatever more a role may do (an editor's writes) comes from in-cluster RBAC
 * bound to that group (NamespaceBaseline's Roles).
 */
export interface TeamAccess {
    /** DNS-1123 label, unique among teams. Part of the group names. */
    readonly name: string;
    /** Namespaces the access policies are scoped to. Non-empty. */
    readonly namespaces: readonly string[];
    /** Principals with read-only access in the namespaces (AmazonEKSViewPolicy + group `team:<name>:view`). @default [] */
    readonly viewers?: readonly string[];
    /**
     * Principals that may change workloads in the namespaces: AmazonEKSViewPolicy + group `team:<name>:edit`,
     * whose writes come from the in-cluster `edit` RoleBinding (never AmazonEKSEditPolicy). @default []
     */
    readonly editors?: readonly string[];
}

export interface PlannedAssociation {
    readonly policy: AccessPolicy;
    /** Empty means cluster scope. */
    readonly namespaces: readonly string[];
}

export interface PlannedEntry {
    readonly principalArn: string;
    /** Stable logical-name suffix: renaming an entry replaces it, so it is derived from the ARN, not a list index. */
    readonly key: string;
    readonly kubernetesGroups: readonly string[];
    readonly associations: readonly PlannedAssociation[];
}

/** `arn:aws:iam::1:role/path/ops-admin` → `role-ops-admin-<hash>`; the hash keeps two paths to the same name apart. */
export function entryKey(principalArn: string): string {
    const resource = principalArn.split(":").slice(5).join(":");
    const [kind, ...rest] = resource.split("/");
    const last = (rest[rest.length - 1] ?? "")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .slice(0, 32);
    const hash = createHash("sha256").update(principalArn).digest("hex").slice(0, 6);
    return `${kind}-${last}-${hash}`;
}

/**
 * Break-glass access: principals whose access entry carries only the break-glass group and NO access
 * policy. The cluster-admin rights come from the in-cluster ClusterRoleBinding of that group
 * (ClusterGuardrails), so they exist only while that binding does, and every use is a Kubernetes request
 * by a named IAM principal (CloudTrail for the role assumption, the EKS audit log for the requests).
 */
export interface BreakGlassAccess {
    readonly principalArns: readonly string[];
    readonly group: string;
}

/** Folds admins, teams and break-glass principals into one entry per principal. Output order is sorted, so previews are stable. */
export function planAccess(
    adminPrincipalArns: readonly string[],
    teams: readonly TeamAccess[] = [],
    breakGlass?: BreakGlassAccess,
): PlannedEntry[] {
    const groups = new Map<string, Set<string>>();
    const scopes = new Map<string, Map<AccessPolicy, Set<string> | "cluster">>();
    const touch = (p: string) => {
        if (!groups.has(p)) groups.set(p, new Set());
        if (!scopes.has(p)) scopes.set(p, new Map());
    };
    for (const a of adminPrincipalArns) {
        touch(a);
        scopes.get(a)!.set("clusterAdmin", "cluster");
    }
    for (const team of teams) {
        for (const role of TEAM_ROLES) {
            const members = role === "view" ? (team.viewers ?? []) : (team.editors ?? []);
            for (const p of members) {
                touch(p);
                groups.get(p)!.add(teamGroupName(team.name, role));
                const policy = TEAM_ROLE_ACCESS_POLICY[role];
                const byPolicy = scopes.get(p)!;
                const current = byPolicy.get(policy);
                const set = current instanceof Set ? current : new Set<string>();
                team.namespaces.forEach((ns) => set.add(ns));
                byPolicy.set(policy, set);
            }
        }
    }
    for (const p of breakGlass?.principalArns ?? []) {
        touch(p);
        groups.get(p)!.add(breakGlass!.group);
    }
    return [...groups.keys()].sort().map((p) => ({
        principalArn: p,
        key: entryKey(p),
        kubernetesGroups: [...groups.get(p)!].sort(),
        associations: [...scopes.get(p)!.entries()].map(([policy, scope]) => ({
            policy,
            namespaces: scope === "cluster" ? [] : [...scope].sort(),
        })),
    }));
}

/** Creates the planned entries and associations; returns the associations (in-cluster resources wait on them). */
export function createAccess(
    name: string,
    plan: readonly PlannedEntry[],
    clusterName: pulumi.Input<string>,
    partition: pulumi.Input<string>,
    parent: pulumi.Resource,
    tags: Record<string, string>,
): aws.eks.AccessPolicyAssociation[] {
    const associations: aws.eks.AccessPolicyAssociation[] = [];
    for (const e of plan) {
        const entry = new aws.eks.AccessEntry(
            childName(name, "access", e.key),
            { clusterName, principalArn: e.principalArn, type: "STANDARD", kubernetesGroups: [...e.kubernetesGroups], tags },
            { parent },
        );
        for (const a of e.associations) {
            associations.push(
                new aws.eks.AccessPolicyAssociation(
                    childName(name, "access", e.key, a.policy),
                    {
                        clusterName,
                        principalArn: entry.principalArn,
                        policyArn: pulumi.output(partition).apply((p) => accessPolicyArn(p, a.policy)),
                        accessScope: a.namespaces.length === 0 ? { type: "cluster" } : { type: "namespace", namespaces: [...a.namespaces] },
                    },
                    { parent, dependsOn: [entry] },
                ),
            );
        }
    }
    return associations;
}
