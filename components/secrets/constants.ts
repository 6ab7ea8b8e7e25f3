/** Fixed names and pins of SecretsAccess (DATA-4). */

export const SECRETS_ACCESS_TYPE = "secure-baseline:secrets:SecretsAccess";

/**
 * External Secrets Operator's Helm chart, pinned. 1.3.2 is the chart release of ESO v1.3.2, whose Go module
 * (config/crds/bases) the kube suite installs; the module is what the Go proxy serves of that line.
 */
export const ESO_CHART = { repository: "https://charts.external-secrets.io", chart: "external-secrets", version: "1.3.2" } as const;
/** The API version the pinned chart's CRDs serve (v1beta1 is present but not served). */
export const ESO_API_VERSION = "external-secrets.io/v1";

/** Namespace and service account of the ESO controller: the one Pod Identity association is for them. */
export const ESO_NAMESPACE = "external-secrets";
export const ESO_SERVICE_ACCOUNT = "external-secrets";
/** The Helm release name (chart objects are named after it). */
export const ESO_RELEASE_NAME = "external-secrets";

/** The SecretStore each team namespace gets; ExternalSecrets reference it by this name. */
export const TEAM_STORE_NAME = "team-secrets";

/** Secrets Manager secret names: letters, digits and `/_+=.@-` (AWS's allowed set). */
export const SECRET_NAME_CHARACTERS = "letters, digits and / _ + = . @ -";
/** A prefix: segments of those characters separated by single `/`, no leading or trailing `/`. */
export const SECRET_PREFIX_PATTERN = /^[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*$/;
/** Leaves room for `/<team>/<name>` within Secrets Manager's 512-character limit. */
export const SECRET_PREFIX_MAX_LENGTH = 256;

/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;
