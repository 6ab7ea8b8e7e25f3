/**
 * Pure kubeconfig building. Authentication is an exec plugin that runs
 * `aws eks get-token` with whatever AWS credentials the caller has: the file
 * holds no static credential, so it is safe to hand around (it is still marked
 * secret, because it names the private endpoint and the CA).
 */
export const KUBECONFIG_EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

export interface KubeconfigInput {
    readonly clusterName: string;
    readonly endpoint: string;
    /** Base64 CA bundle, as EKS returns it. */
    readonly certificateAuthorityData: string;
    readonly region: string;
    /** An AWS CLI profile to use; @default none (the caller's default credential chain). */
    readonly profile?: string;
}

export interface Kubeconfig {
    readonly apiVersion: "v1";
    readonly kind: "Config";
    readonly clusters: ReadonlyArray<{ name: string; cluster: { server: string; "certificate-authority-data": string } }>;
    readonly contexts: ReadonlyArray<{ name: string; context: { cluster: string; user: string } }>;
    readonly "current-context": string;
    readonly users: ReadonlyArray<{
        name: string;
        user: {
            exec: {
                apiVersion: string;
                command: string;
                args: string[];
                env?: Array<{ name: string; value: string }>;
                interactiveMode: "Never";
            };
        };
    }>;
}

export function buildKubeconfig(input: KubeconfigInput): Kubeconfig {
    const name = input.clusterName;
    const env = input.profile ? [{ name: "AWS_PROFILE", value: input.profile }] : undefined;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthorityData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: KUBECONFIG_EXEC_API_VERSION,
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", name, "--region", input.region, "--output", "json"],
                        ...(env ? { env } : {}),
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    };
}
