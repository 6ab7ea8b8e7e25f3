/**
 * What counts as admin-equivalent in an IAM identity policy (docs/pack.md, "Privilege (IAM)").
 * All names lower case: IAM action names are case-insensitive.
 */

/**
 * Services where every action on every resource is admin-equivalent: they grant or mint
 * identities (iam, sts, sso, organizations), decrypt or re-key everything (kms), read every
 * secret (secretsmanager, ssm parameters) or run commands on instances (ssm), or hand out
 * cluster-admin (eks access entries). `npm run iam-index` lists their actions.
 */
export const SENSITIVE_SERVICES = ["iam", "sts", "kms", "organizations", "secretsmanager", "ssm", "eks", "sso"] as const;

/** Single actions that let a principal raise its own privileges when allowed on all resources. */
export const ESCALATION_ACTIONS: readonly string[] = [
    "iam:createpolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:attachuserpolicy",
    "iam:attachgrouppolicy",
    "iam:attachrolepolicy",
    "iam:putuserpolicy",
    "iam:putgrouppolicy",
    "iam:putrolepolicy",
    "iam:updateassumerolepolicy",
    "iam:createaccesskey",
    "iam:createloginprofile",
    "iam:updateloginprofile",
    "iam:addusertogroup",
    "iam:deleterolepermissionsboundary",
    "iam:deleteuserpermissionsboundary",
    "iam:putrolepermissionsboundary",
    "iam:putuserpermissionsboundary",
];

/** iam:PassRole on all roles plus one of these runs code as any role of the account. */
export const PASS_ROLE = "iam:passrole";
export const COMPUTE_CREATE_ACTIONS: readonly string[] = [
    "ec2:runinstances",
    "lambda:createfunction",
    "lambda:updatefunctionconfiguration",
    "ecs:runtask",
    "ecs:starttask",
    "ecs:createservice",
    "ecs:registertaskdefinition",
    "glue:createdevendpoint",
    "glue:createjob",
    "glue:updatedevendpoint",
    "cloudformation:createstack",
    "cloudformation:updatestack",
    "cloudformation:createstackset",
    "datapipeline:createpipeline",
    "sagemaker:createnotebookinstance",
    "sagemaker:createtrainingjob",
    "sagemaker:createprocessingjob",
    "codebuild:createproject",
    "autoscaling:createlaunchconfiguration",
    "ec2:createlaunchtemplate",
    "batch:submitjob",
    "apprunner:createservice",
    "states:createstatemachine",
];

/**
 * AWS-managed policies (arn:<partition>:iam::aws:policy/[path/]<name>) that are admin-equivalent
 * by the rules above: they allow everything, a sensitive service wholesale, or PassRole with compute.
 */
export const ADMIN_MANAGED_POLICIES: readonly string[] = [
    "administratoraccess",
    "poweruseraccess",
    "iamfullaccess",
    "awsorganizationsfullaccess",
    "secretsmanagerreadwrite",
    "amazonssmfullaccess",
    "awskeymanagementservicepoweruser",
    "administratoraccess-amplify",
    "administratoraccess-awselasticbeanstalk",
    "awslambda_fullaccess",
    "systemadministrator",
    "awsssodirectoryadministrator",
    "awsssomasteraccountadministrator",
    "awscloudformationfullaccess",
    "amazonsagemakerfullaccess",
    "awsglueconsolefullaccess",
];

const MANAGED_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::aws:policy\/(?:[^/]+\/)*([^/]+)$/i;

/** The managed policy's name when `arn` names an admin-equivalent AWS-managed policy. */
export function adminManagedPolicy(arn: string): string | undefined {
    const m = MANAGED_ARN.exec(arn.trim());
    return m && ADMIN_MANAGED_POLICIES.includes(m[1].toLowerCase()) ? m[1] : undefined;
}
