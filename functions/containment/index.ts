/**
 * Lambda entry point (nodejs22.x, handler `index.handler`). Settings come from the function's
 * KMS-encrypted environment, written by the ContainmentResponse component; credentials are the
 * execution role's, which Lambda puts in the environment.
 */
import { type Report, type Settings, handleFinding } from "./handler";
import { httpsKube } from "./kube";
import { type Credentials, eksToken } from "./sigv4";
import { snsPublisher } from "./sns";

/** Names of the environment variables the component sets. */
export const ENV = {
    clusterName: "CLUSTER_NAME",
    endpoint: "CLUSTER_ENDPOINT",
    ca: "CLUSTER_CA",
    topicArn: "ALERT_TOPIC_ARN",
    findingTypes: "FINDING_TYPES",
    minSeverity: "MIN_SEVERITY",
    quarantineLabel: "QUARANTINE_LABEL",
    namespaces: "NAMESPACES",
    dryRun: "DRY_RUN",
    dnsSuffix: "DNS_SUFFIX",
} as const;

export class SettingsError extends Error {}

function need(env: NodeJS.ProcessEnv, name: string): string {
    const v = env[name];
    if (v === undefined || v === "") throw new SettingsError(`environment variable ${name} is not set`);
    return v;
}

const list = (v: string) =>
    v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);

export function settingsFrom(env: NodeJS.ProcessEnv): Settings {
    const minSeverity = Number(need(env, ENV.minSeverity));
    if (!Number.isFinite(minSeverity)) throw new SettingsError(`${ENV.minSeverity} "${env[ENV.minSeverity]}" is not a number`);
    const dryRun = need(env, ENV.dryRun);
    if (dryRun !== "true" && dryRun !== "false") throw new SettingsError(`${ENV.dryRun} "${dryRun}" is not true or false`);
    return {
        clusterName: need(env, ENV.clusterName),
        findingTypes: list(need(env, ENV.findingTypes)),
        minSeverity,
        quarantineLabel: need(env, ENV.quarantineLabel),
        namespaces: list(env[ENV.namespaces] ?? ""),
        dryRun: dryRun === "true",
    };
}

function credentials(env: NodeJS.ProcessEnv): Credentials {
    return {
        accessKeyId: need(env, "AWS_ACCESS_KEY_ID"),
        secretAccessKey: need(env, "AWS_SECRET_ACCESS_KEY"),
        sessionToken: env.AWS_SESSION_TOKEN,
    };
}

export async function handler(event: unknown): Promise<Report> {
    const env = process.env;
    const settings = settingsFrom(env);
    const region = need(env, "AWS_REGION");
    const dnsSuffix = env[ENV.dnsSuffix] || "amazonaws.com";
    const kube = httpsKube(need(env, ENV.endpoint), Buffer.from(need(env, ENV.ca), "base64"), () =>
        eksToken(settings.clusterName, credentials(env), region, dnsSuffix, new Date()),
    );
    const alerts = snsPublisher(need(env, ENV.topicArn), region, dnsSuffix, () => credentials(env));
    const report = await handleFinding(event, settings, kube, alerts);
    // One structured line per finding in the function's log group.
    console.log(JSON.stringify(report));
    return report;
}
