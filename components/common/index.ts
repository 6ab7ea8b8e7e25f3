export * from "./kms";
export { AwsContext, awsContext } from "./awsContext";
export { PolicyDocument, PolicyStatement } from "./iam";
export { Tags } from "./tags";
