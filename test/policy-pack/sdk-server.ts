/**
 * The policy SDK's own server handlers, as `@pulumi/policy/server` exports them (the package ships
 * no typings for that module), typed once for the tests and `npm run bench:sdk`, which drive them
 * with real protobuf requests. The pack itself never calls them: the CLI's runner serves them.
 */
import { createRequire } from "module";
import type { Policies } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";

/** A gRPC handler: it answers through the callback, with an error or the RPC's response message. */
export type Handler<Reply> = (call: { request: unknown }, callback: (err: unknown, reply: Reply) => void) => Promise<void>;

export interface SdkServer {
    makeAnalyzeRpcFun(pack: string, version: string, level: string, policies: Policies): Handler<analyzerpb.AnalyzeResponse>;
    makeAnalyzeStackRpcFun(pack: string, version: string, level: string, policies: Policies): Handler<analyzerpb.AnalyzeResponse>;
    makeRemediateRpcFun(pack: string, version: string, level: string, policies: Policies): Handler<analyzerpb.RemediateResponse>;
}

export const sdkServer = createRequire(require.resolve("@pulumi/policy"))("./server") as SdkServer;
