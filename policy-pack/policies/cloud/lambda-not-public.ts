import type * as aws from "@pulumi/aws";
import { type CheckContext, type ResourceView, asString, readerFor, resourcePolicy } from "../../lib";

const PERMISSION = "aws:lambda/permission:Permission";
const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
const LAYER_PERMISSION = "aws:lambda/layerVersionPermission:LayerVersionPermission";

const permission = readerFor<aws.lambda.PermissionArgs>();
const functionUrl = readerFor<aws.lambda.FunctionUrlArgs>();
const layerPermission = readerFor<aws.lambda.LayerVersionPermissionArgs>();

type Principal = "anyone" | "service" | "account";

/**
 * What a Lambda resource-policy principal names. Lambda takes one string: "*", an account ID
 * or IAM ARN, or a service principal (a DNS name such as s3.amazonaws.com). Any "*" in it is
 * read as anyone: Lambda has no partial wildcards, so a wildcard can only mean more than one.
 */
function principalKind(value: string): Principal {
    const p = value.trim();
    if (p.length === 0 || p.includes("*")) return "anyone";
    if (/^\d{12}$/.test(p) || p.startsWith("arn:")) return "account";
    return "service";
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

function judgePermission(r: ResourceView, ctx: CheckContext): void {
    const principal = permission(r.props, "principal");
    if (ctx.isUnknown(principal, "principal")) return;
    const kind = principalKind(asString(principal) ?? "");
    // A condition unknown at preview will hold some value, and any value only narrows who may invoke: it counts as set.
    const orgId = permission(r.props, "principalOrgId");
    const sourceAccount = permission(r.props, "sourceAccount");
    const sourceArn = permission(r.props, "sourceArn");
    const token = permission(r.props, "eventSourceToken");
    const who = `Lambda permission "${r.name}"`;
    if (kind === "anyone" && !present(orgId) && !present(sourceAccount)) {
        const url = asString(permission(r.props, "functionUrlAuthType"));
        ctx.violation(
            `${who} lets any principal ("${String(asString(principal)).slice(0, 80)}") invoke the function${url?.toUpperCase() === "NONE" ? " through its function URL without authentication" : ""}`,
            'name the account, role or service allowed to invoke it, or pin "*" with principalOrgId (your organisation) or sourceAccount',
        );
    } else if (kind === "service" && !present(sourceArn) && !present(sourceAccount) && !present(orgId) && !present(token)) {
        ctx.violation(
            `${who} lets the service ${String(asString(principal)).slice(0, 80)} invoke the function on behalf of any account (no sourceArn or sourceAccount), so another account's ${String(asString(principal)).split(".")[0]} resources can trigger it (confused deputy)`,
            "set sourceArn to the one resource that may invoke the function (and sourceAccount to this account)",
        );
    }
}

function judgeFunctionUrl(r: ResourceView, ctx: CheckContext): void {
    const auth = functionUrl(r.props, "authorizationType");
    if (ctx.isUnknown(auth, "authorizationType")) return;
    const value = asString(auth);
    if (value?.trim().toUpperCase() !== "AWS_IAM") {
        ctx.violation(
            `Lambda function URL "${r.name}" has authorizationType ${value === undefined ? "unset" : `"${value.slice(0, 40)}"`}: anyone who finds the URL can invoke the function`,
            'use authorizationType "AWS_IAM" and grant lambda:InvokeFunctionUrl to named principals; put a public endpoint behind API Gateway or an ALB with WAF instead',
        );
    }
}

function judgeLayerPermission(r: ResourceView, ctx: CheckContext): void {
    const principal = layerPermission(r.props, "principal");
    if (ctx.isUnknown(principal, "principal")) return;
    if (principalKind(asString(principal) ?? "") === "anyone" && !present(layerPermission(r.props, "organizationId"))) {
        ctx.violation(
            `Lambda layer permission "${r.name}" shares the layer version with every AWS account`,
            'name the account allowed to use the layer, or pin principal "*" with organizationId',
        );
    }
}

/**
 * IAM-1 for Lambda's resource policies: a function is invoked, and a layer read, only by named
 * accounts, roles or services scoped to a source; no unauthenticated function URL.
 */
export const lambdaNotPublic = resourcePolicy({
    name: "lambda-not-public",
    control: "IAM-1",
    severity: "high",
    layer: "cloud",
    description:
        'Lambda permissions must not let anyone ("*") invoke a function unless pinned to an organisation or account, service principals need a sourceArn or sourceAccount, function URLs require AWS_IAM authentication, and layer versions are not shared with every account.',
    references: [{ framework: "FSBP", id: "Lambda.1" }],
    remediation:
        "grant invoke to named principals, scope service principals with sourceArn and sourceAccount, and use AWS_IAM for function URLs",
    resourceTypes: [PERMISSION, FUNCTION_URL, LAYER_PERMISSION],
    check: (r, ctx) => {
        if (r.type === PERMISSION) judgePermission(r, ctx);
        else if (r.type === FUNCTION_URL) judgeFunctionUrl(r, ctx);
        else judgeLayerPermission(r, ctx);
    },
});
