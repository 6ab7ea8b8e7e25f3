/** SNS Publish (query protocol) signed with SigV4: what the function did, on the alert topic (DET-6). */
import * as https from "https";
import type { Publisher, Report } from "./handler";
import { type Credentials, signedHeaders } from "./sigv4";

export class PublishError extends Error {}

export function snsPublisher(
    topicArn: string,
    region: string,
    dnsSuffix: string,
    creds: () => Credentials,
    now: () => Date = () => new Date(),
): Publisher {
    const host = `sns.${region}.${dnsSuffix}`;
    return {
        publish(subject: string, report: Report): Promise<void> {
            const body = new URLSearchParams({
                Action: "Publish",
                Version: "2010-03-31",
                TopicArn: topicArn,
                Subject: subject,
                Message: JSON.stringify(report, null, 2),
            }).toString();
            const headers = signedHeaders(
                "POST",
                host,
                "/",
                { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
                body,
                creds(),
                region,
                "sns",
                now(),
            );
            return new Promise((resolve, reject) => {
                const req = https.request({ host, method: "POST", path: "/", headers, timeout: 10_000 }, (res) => {
                    let text = "";
                    res.setEncoding("utf8");
                    res.on("data", (d: string) => (text += d));
                    res.on("end", () =>
                        res.statusCode === 200
                            ? resolve()
                            : reject(new PublishError(`SNS Publish: HTTP ${res.statusCode} ${text.slice(0, 300)}`)),
                    );
                });
                req.on("timeout", () => req.destroy(new PublishError("SNS Publish: no answer in 10 s")));
                req.on("error", reject);
                req.write(body);
                req.end();
            });
        },
    };
}
