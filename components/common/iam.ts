/** Plain IAM policy document types, so pure planners can build and tests can evaluate policies as data. */

/** An IAM role ARN in any partition (`aws`, `aws-cn`, `aws-us-gov`, …), path allowed. */
export const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** An IAM role or user ARN: the principals EKS access entries accept from this baseline. */
export const IAM_PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
export type PolicyPrincipal = {
    readonly Service?: string | readonly string[];
    readonly AWS?: string | readonly string[];
    readonly Federated?: string;
};

export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: PolicyPrincipal;
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** A trust policy letting one AWS service assume a role, scoped to this account. */
export function serviceTrustPolicy(servicePrincipal: string, accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowServiceAssumeRole",
            Effect: "Allow",
            Principal: { Service: servicePrincipal },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}
