/**
 * The Kubernetes policies in the pack's shared case format (../../case.ts), by concern in the
 * modules of this folder: a compliant resource per type (every workload kind and its Patch
 * variant for the pod policies), one explicit one-field violation and one unknown per policy.
 * The pack's generic suites (policies, fidelity against the real server, fuzz, coverage) run
 * them; the k8s-specific behaviour (inheritance, patch semantics, providers, linking) is tested
 * beside this folder.
 */
import type { Case } from "../../case";
import { namespaceCases, defaultNamespaceCases, podSecurityCases, namespaceStackCases } from "./namespaces";
import { albStackCases, ingressCases, netpolStackCases, quarantineCases, serviceCases } from "./network";
import { rbacCases, rbacStackCases, serviceAccountCases } from "./rbac";
import { apiVersionCases, persistentVolumeCases, podCases, tokenCases } from "./workloads";

export const K8S_CASES: readonly Case[] = [
    ...podCases,
    ...tokenCases,
    ...namespaceCases,
    ...persistentVolumeCases,
    ...apiVersionCases,
    ...defaultNamespaceCases,
    ...podSecurityCases,
    ...rbacCases,
    ...ingressCases,
    ...serviceCases,
    ...serviceAccountCases,
    ...quarantineCases,
    ...albStackCases,
    ...netpolStackCases,
    ...rbacStackCases,
    ...namespaceStackCases,
];
