/** SecretsAccess under mocks, with two teams, as the component tests and the IAM simulation read it. */
import { SecretsAccess, SecretsAccessArgs } from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { K8sRun, runWithCluster } from "../guardrails/support/run";

export const ARGS: SecretsAccessArgs = {
    clusterName: "dev",
    vpcCidrs: ["10.0.0.0/16"],
    secretNamePrefix: "apps",
    teams: [
        { name: "payments", namespaces: ["payments", "payments-batch"] },
        { name: "checkout", namespaces: ["checkout"] },
    ],
};
export const ROLE = "aws:iam/role:Role";
export const SM = `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:secret`;
export const roleArn = (name: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;

export function runSecrets(args: SecretsAccessArgs = ARGS): Promise<K8sRun<SecretsAccess>> {
    return runWithCluster((provider) => new SecretsAccess("secrets", args, { provider }));
}
