/**
 * The Kubernetes policies of the pack (CTR-3, K8S-1/2/4/5/6, CODE-1/2), in catalogue
 * order. policies/index.ts spreads this list into ALL_POLICIES.
 */
import type { SecurePolicy } from "../lib";
import { k8sApiVersionServed } from "./cluster/k8s-api-version-served";
import { k8sNamespaceBaselineUnverified } from "./cluster/k8s-namespace-baseline-unverified";
import { k8sNoSystemNamespace } from "./cluster/k8s-no-system-namespace";
import { k8sNamespaceDefaultDeny } from "./cluster/k8s-namespace-default-deny";
import { k8sNamespacePodSecurity } from "./cluster/k8s-namespace-pod-security";
import { k8sNamespaceResourceQuota } from "./cluster/k8s-namespace-resource-quota";
import { k8sNetworkPolicyNoAllowAll } from "./cluster/k8s-network-policy-no-allow-all";
import { k8sNetworkPolicyQuarantine } from "./cluster/k8s-network-policy-quarantine";
import { k8sNoDefaultNamespace } from "./cluster/k8s-no-default-namespace";
import { k8sRbacNoBroadSubjects } from "./cluster/k8s-rbac-no-broad-subjects";
import { k8sRbacNoClusterAdminBinding } from "./cluster/k8s-rbac-no-cluster-admin-binding";
import { k8sRbacEffectiveGrants } from "./cluster/k8s-rbac-effective-grants";
import { k8sRbacNoWildcards } from "./cluster/k8s-rbac-no-wildcards";
import { k8sRbacSensitivePermissions } from "./cluster/k8s-rbac-sensitive-permissions";
import { k8sAdmissionWebhookScoped } from "./cluster/k8s-admission-webhook-scoped";
import { k8sServiceAccountNoAutomount } from "./cluster/k8s-service-account-no-automount";
import { k8sIngressAlbTls } from "./code/k8s-ingress-alb-tls";
import { k8sIngressAlbWaf } from "./code/k8s-ingress-alb-waf";
import { k8sIngressTls } from "./code/k8s-ingress-tls";
import { k8sServiceNotExposed } from "./code/k8s-service-not-exposed";
import { k8sSecretNoLiteralData } from "./code/k8s-secret-no-literal-data";
import { k8sPersistentVolumeNoHostPath } from "./container/k8s-persistent-volume-no-host-path";
import { k8sPodHostProbes } from "./container/k8s-pod-host-probes";
import { k8sPodVolumeTypes } from "./container/k8s-pod-volume-types";
import { k8sPodCapabilities } from "./container/k8s-pod-capabilities";
import { k8sPodHostNamespaces } from "./container/k8s-pod-host-namespaces";
import { k8sPodHostPathAndPorts } from "./container/k8s-pod-host-path-and-ports";
import { k8sPodImageTag } from "./container/k8s-pod-image-tag";
import { k8sPodPrivilege } from "./container/k8s-pod-privilege";
import { k8sPodReadOnlyRootFs } from "./container/k8s-pod-read-only-root-fs";
import { k8sPodResourceLimits } from "./container/k8s-pod-resource-limits";
import { k8sPodRunAsNonRoot } from "./container/k8s-pod-run-as-non-root";
import { k8sPodSeccomp } from "./container/k8s-pod-seccomp";
import { k8sPodSecurityOptions } from "./container/k8s-pod-security-options";
import { k8sPodServiceAccountToken } from "./container/k8s-pod-service-account-token";
import { k8sImageSignatureVerified } from "./container/k8s-image-signature-verified";

/** Pod Security Standards `restricted` and friends, on every workload kind (resource policies). */
export const POD_POLICIES: readonly SecurePolicy[] = [
    k8sPodPrivilege,
    k8sPodRunAsNonRoot,
    k8sPodReadOnlyRootFs,
    k8sPodCapabilities,
    k8sPodSeccomp,
    k8sPodSecurityOptions,
    k8sPodHostNamespaces,
    k8sPodHostPathAndPorts,
    k8sPodResourceLimits,
    k8sPodImageTag,
    k8sPodVolumeTypes,
    k8sPodHostProbes,
];

export const KUBERNETES_POLICIES: readonly SecurePolicy[] = [
    ...POD_POLICIES,
    // A stack policy: it reads the pod's ServiceAccount too.
    k8sPodServiceAccountToken,
    k8sNoDefaultNamespace,
    k8sNamespacePodSecurity,
    k8sNamespaceDefaultDeny,
    k8sNetworkPolicyNoAllowAll,
    k8sNetworkPolicyQuarantine,
    k8sNamespaceResourceQuota,
    k8sRbacNoWildcards,
    k8sRbacSensitivePermissions,
    k8sRbacNoClusterAdminBinding,
    k8sRbacNoBroadSubjects,
    k8sRbacEffectiveGrants,
    k8sServiceAccountNoAutomount,
    k8sServiceNotExposed,
    k8sIngressTls,
    k8sIngressAlbTls,
    k8sIngressAlbWaf,
    k8sApiVersionServed,
    k8sPersistentVolumeNoHostPath,
    k8sNoSystemNamespace,
    k8sNamespaceBaselineUnverified,
    k8sAdmissionWebhookScoped,
    k8sImageSignatureVerified,
    k8sSecretNoLiteralData,
];
