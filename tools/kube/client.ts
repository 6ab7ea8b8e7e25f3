/**
 * A minimal client for tests: one request as one identity, with the status,
 * the decoded body and the API server's Warning headers (what audit-only
 * admission policies and Pod Security `warn` report), which
 * @kubernetes/client-node does not hand back.
 */
import * as fs from "fs";
import * as https from "https";
import type { ControlPlane } from "./harness";

export interface Reply {
    readonly status: number;
    readonly body: { message?: string; reason?: string; [key: string]: unknown };
    readonly warnings: string[];
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export class Client {
    private readonly ca: Buffer;
    private readonly agent: https.Agent;

    constructor(private readonly cp: Pick<ControlPlane, "server" | "caFile" | "tokens">) {
        this.ca = fs.readFileSync(cp.caFile);
        this.agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca: this.ca });
    }

    request(
        as: string,
        method: Method,
        path: string,
        body?: unknown,
        contentType = "application/json",
        headers: Record<string, string> = {},
    ): Promise<Reply> {
        const token = this.cp.tokens[as];
        if (token === undefined) throw new Error(`no identity "${as}" in this control plane`);
        const data = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(
                new URL(path, this.cp.server),
                {
                    method,
                    agent: this.agent,
                    headers: {
                        authorization: `Bearer ${token}`,
                        accept: "application/json",
                        ...(data === undefined ? {} : { "content-type": contentType }),
                        ...headers,
                    },
                },
                (res) => {
                    let text = "";
                    res.setEncoding("utf8");
                    res.on("data", (d: string) => (text += d));
                    res.on("end", () => {
                        let parsed: Reply["body"];
                        try {
                            parsed = text ? (JSON.parse(text) as Reply["body"]) : {};
                        } catch {
                            parsed = { message: text };
                        }
                        const w = res.headers["warning"];
                        const warnings = (Array.isArray(w) ? w : w ? [w] : []).flatMap((h) => h.split(/,(?=\s*299 )/)).map((h) => h.trim());
                        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
                    });
                },
            );
            req.on("error", reject);
            if (data !== undefined) req.write(data);
            req.end();
        });
    }

    close(): void {
        this.agent.destroy();
    }
}
