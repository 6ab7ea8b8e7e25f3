/**
 * PACK-3 for the detection and cluster policies: whatever the props (well-formed, wrong
 * types, unknown sentinels anywhere, malformed JSON documents), no policy throws and none
 * falls back to its internal-error message; every diagnostic carries the control ID.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import {
    Diagnostic,
    TestResource,
    UNKNOWN,
    UNKNOWN_ARRAY,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_OBJECT,
    analyze,
    analyzeStack,
} from "../runtime";
import { AWS_POLICIES } from "../../../policy-pack/policies";

const RUNS = 10_000;
const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/ABC";

/** Property names the policies read, so random props hit real code paths. */
const KEYS = [
    "enable",
    "name",
    "status",
    "additionalConfigurations",
    "detectorId",
    "recordingGroup",
    "allSupported",
    "includeGlobalResourceTypes",
    "resourceTypes",
    "exclusionByResourceTypes",
    "recordingStrategies",
    "useOnly",
    "isEnabled",
    "s3BucketName",
    "s3KmsKeyArn",
    "isMultiRegionTrail",
    "enableLogFileValidation",
    "includeGlobalServiceEvents",
    "enableLogging",
    "kmsKeyId",
    "cloudWatchLogsGroupArn",
    "eventSelectors",
    "advancedEventSelectors",
    "fieldSelectors",
    "field",
    "equals",
    "readWriteType",
    "includeManagementEvents",
    "kmsMasterKeyId",
    "enabled",
    "encrypted",
    "policy",
    "inlinePolicies",
    "assumeRolePolicy",
    "addonName",
    "configurationValues",
    "serviceAccountRoleArn",
    "podIdentityAssociations",
    "serviceAccount",
    "accessConfig",
    "authenticationMode",
    "bootstrapClusterCreatorAdminPermissions",
    "policyArn",
    "principalArn",
    "version",
    "upgradePolicy",
    "supportType",
    "amiType",
    "launchTemplate",
    "tags",
    "Statement",
    "Effect",
    "Action",
    "NotAction",
    "Principal",
    "Federated",
    "Condition",
    "StringEquals",
    "StringLike",
    `${ISSUER}:sub`,
    `${ISSUER}:aud`,
];

const STRINGS = [
    "",
    "*",
    "*:*",
    "true",
    "false",
    "ENABLED",
    "DISABLED",
    "RUNTIME_MONITORING",
    "EKS_RUNTIME_MONITORING",
    "EKS_ADDON_MANAGEMENT",
    "EKS_AUDIT_LOGS",
    "API",
    "CONFIG_MAP",
    "STANDARD",
    "vpc-cni",
    "aws-node",
    "All",
    "ReadOnly",
    "Management",
    "readOnly",
    "eventCategory",
    "Allow",
    "Deny",
    "sts:AssumeRoleWithWebIdentity",
    "sts.amazonaws.com",
    "system:serviceaccount:a:b",
    `arn:aws:iam::1:oidc-provider/${ISSUER}`,
    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    "1.34",
    "AL2023_x86_64_STANDARD",
    "{",
    "[]",
    "null",
    '{"enableNetworkPolicy":"true"}',
    '{"Statement":{"Effect":"Allow","Action":"*"}}',
    "reason; expires=2099-01-01",
    "x; expires=2000-01-01",
    UNKNOWN,
    UNKNOWN_ARRAY,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_OBJECT,
];

const leaf = fc.oneof(
    fc.constantFrom(...STRINGS),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.integer({ min: -2, max: 70000 }),
    fc.constant(null),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.constant("secure-baseline.io/exempt-eks-irsa-trust-scoped")), tie("value"), {
            maxKeys: 4,
        }),
    ),
}));
/** A JSON document string built from random data (policies parse these). */
const jsonText = value.map((v) => JSON.stringify(v) ?? "null");
const props = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(value, jsonText), { maxKeys: 8 });

/** The AWS policies of the detection, data, cluster and IAM controls (a view of the registry by control ID). */
const DETECTION_AND_CLUSTER_POLICIES = AWS_POLICIES.filter((p) => /^(DET|DATA|EKS|IAM)-\d+$/.test(p.meta.control));
const RESOURCE_POLICIES = DETECTION_AND_CLUSTER_POLICIES.filter((p) => p.kind === "resource");
const STACK_POLICIES = DETECTION_AND_CLUSTER_POLICIES.filter((p) => p.kind === "stack");
const ALL_TYPES = [...new Set(DETECTION_AND_CLUSTER_POLICIES.flatMap((p) => [...p.types]))].concat([
    "aws:guardduty/detectorFeature:DetectorFeature",
    "aws:cfg/recorderStatus:RecorderStatus",
    "aws:cfg/deliveryChannel:DeliveryChannel",
]);

function assertWellFormed(ds: readonly Diagnostic[]): void {
    for (const d of ds) {
        assert.doesNotMatch(d.message, /could not evaluate|internal error/, d.message);
        assert.match(d.message, /\[(DET|DATA|EKS|IAM)-\d+\]/, d.message);
    }
}

describe("PACK-3: detection and cluster policies never throw (property test)", () => {
    it(`PACK-3: ${RUNS} random resources through the resource policies`, async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...RESOURCE_POLICIES), fc.nat(), fc.boolean(), props, async (policy, pick, advisory, p) => {
                const type = policy.types[pick % policy.types.length];
                const cfg = advisory ? { [policy.meta.name]: { unknown: "advisory" } } : {};
                const r = await analyze([policy], { type, name: "r", props: p }, cfg);
                assertWellFormed(r.diagnostics);
            }),
            { numRuns: RUNS },
        );
    });
    it(`PACK-3: ${RUNS / 10} random stacks through the stack policies`, async () => {
        const resource = fc.record({ type: fc.constantFrom(...ALL_TYPES), props, link: fc.boolean() });
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...STACK_POLICIES), fc.array(resource, { minLength: 1, maxLength: 6 }), async (policy, rs) => {
                const linked: Record<string, string[]> = { detectorId: ["r0"], name: ["r0"] };
                const resources: TestResource[] = rs.map((r, i) => ({
                    type: r.type,
                    name: `r${i}`,
                    props: r.props,
                    propertyDependencies: r.link ? linked : {},
                }));
                const result = await analyzeStack([policy], resources);
                assertWellFormed(result.diagnostics);
            }),
            { numRuns: RUNS / 10 },
        );
    });
});
