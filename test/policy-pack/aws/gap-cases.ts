/**
 * Cases for the policies that closed the coverage map's last AWS gaps (docs/coverage.md):
 * one compliant resource per type, one-field violations, unknowns. aws/cases.ts spreads
 * GAP_CASES into AWS_FAMILY_CASES, so policies.test.ts, exemptions.test.ts and both fuzz
 * tests run them like every other case. Written from the provider docs and the public
 * rule descriptions named in docs/coverage.md, not from any project's fixtures.
 */
import { cloudtrailEventDataStoreEncrypted } from "../../../policy-pack/policies/cloud/cloudtrail-event-data-store-encrypted";
import { ec2NetworkInterfacePermissionTrusted } from "../../../policy-pack/policies/cloud/ec2-network-interface-permission-trusted";
import { ec2SerialConsoleAccessDisabled } from "../../../policy-pack/policies/cloud/ec2-serial-console-access-disabled";
import { ec2SpotFleetLaunchTemplate } from "../../../policy-pack/policies/cloud/ec2-spot-fleet-launch-template";
import { ec2VpcEndpointServiceRestricted } from "../../../policy-pack/policies/cloud/ec2-vpc-endpoint-service-restricted";
import { guarddutyIpsetTrustedAllowed } from "../../../policy-pack/policies/cloud/guardduty-ipset-trusted-allowed";
import { eksIdentityProviderPrefixed } from "../../../policy-pack/policies/cluster/eks-identity-provider-prefixed";
import { elbClassicSslPolicyModern } from "../../../policy-pack/policies/code/elb-classic-ssl-policy-modern";
import { wafv2WebAclLogging } from "../../../policy-pack/policies/code/wafv2-web-acl-logging";
import { wafv2WebAclManagedRules } from "../../../policy-pack/policies/code/wafv2-web-acl-managed-rules";
import type { Case, ResourceCase } from "../cases";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../runtime";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TRUSTED = { trustedAccountIds: [ACCOUNT] };
/** cases.ts's DROP (drop the resource), spelt here: cases.ts imports this file, so its value is not loaded yet. */
const DROP = "DROP";

export const MANAGED_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];
const visibility = { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "m" };
/** The web ACL rules CODE-3 asks for, in the provider's spelling (as EdgeProtection writes them). */
export function webAclRules(): Record<string, unknown>[] {
    return [
        ...MANAGED_GROUPS.map((name, i) => ({
            name,
            priority: i,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
            visibilityConfig: visibility,
        })),
        {
            name: "rate",
            priority: 3,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
            visibilityConfig: visibility,
        },
    ];
}
export const WEB_ACL = { scope: "REGIONAL", defaultAction: { allow: {} }, rules: webAclRules(), visibilityConfig: visibility };

const SSL_REFERENCE = [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }];

export const GAP_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: cloudtrailEventDataStoreEncrypted,
        type: "aws:cloudtrail/eventDataStore:EventDataStore",
        name: "lake",
        compliant: { kmsKeyId: KEY_ARN, retentionPeriod: 2557, multiRegionEnabled: true },
        violations: [
            { what: "no key", path: "kmsKeyId", value: undefined, match: /\[DET-4\] event data store "lake" has no kmsKeyId \(unset\)/ },
            { what: "an empty key", path: "kmsKeyId", value: " ", match: /has no kmsKeyId/ },
            { what: "a key that is not a string", path: "kmsKeyId", value: 7, match: /has no kmsKeyId \(7\)/ },
        ],
        alsoCompliant: [{ what: "a key created in the same program", path: "kmsKeyId", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: "an unknown key is a key created in the same program: it is set",
    },
    {
        kind: "resource",
        policy: ec2SerialConsoleAccessDisabled,
        type: "aws:ec2/serialConsoleAccess:SerialConsoleAccess",
        name: "console",
        compliant: { enabled: false },
        violations: [
            {
                what: "enabled",
                path: "enabled",
                value: true,
                match: /\[NET-6\] serial console access "console" switches the EC2 serial console on for the account \(enabled true\)/,
            },
            { what: "enabled as a string", path: "enabled", value: "true", match: /switches the EC2 serial console on/ },
            { what: "left at the provider's default (true)", path: "enabled", value: undefined, match: /enabled unset, default true/ },
        ],
        alsoCompliant: [{ what: "disabled as a string", path: "enabled", value: "false" }],
        unknowns: [{ what: "unknown enabled", path: "enabled", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: ec2NetworkInterfacePermissionTrusted,
        type: "aws:ec2/networkInterfacePermission:NetworkInterfacePermission",
        name: "attach",
        compliant: { networkInterfaceId: "eni-1", awsAccountId: ACCOUNT, permission: "INSTANCE-ATTACH" },
        config: TRUSTED,
        violations: [
            { what: "not one account", path: "awsAccountId", value: "*", match: /to an awsAccountId that is not one 12-digit account/ },
            {
                what: "another account",
                path: "awsAccountId",
                value: OTHER_ACCOUNT,
                match: new RegExp(
                    `\\[IAM-1\\] network interface permission "attach" grants INSTANCE-ATTACH on an interface of this VPC to account ${OTHER_ACCOUNT}, outside trustedAccountIds`,
                ),
            },
        ],
        alsoCompliant: [
            {
                what: "a trusted partner",
                path: "awsAccountId",
                value: OTHER_ACCOUNT,
                config: { trustedAccountIds: [ACCOUNT, OTHER_ACCOUNT] },
            },
        ],
        unknowns: [{ what: "unknown account", path: "awsAccountId", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: ec2SpotFleetLaunchTemplate,
        type: "aws:ec2/spotFleetRequest:SpotFleetRequest",
        name: "fleet",
        compliant: {
            iamFleetRole: "arn:role",
            targetCapacity: 2,
            launchTemplateConfigs: [{ launchTemplateSpecification: { id: "lt-1", version: "$Latest" } }],
        },
        violations: [
            {
                what: "an inline specification",
                path: "launchSpecifications",
                value: [{ ami: "ami-1", instanceType: "t3.micro", rootBlockDevices: [{ encrypted: true }] }],
                match: /\[EKS-6\] spot fleet request "fleet" launches from an inline specification \(launchSpecifications\.0\), which has no metadataOptions and cannot require IMDSv2\. Fix/,
            },
            {
                what: "an inline specification with a public address and a plain volume",
                path: "launchSpecifications",
                value: [
                    {
                        ami: "ami-1",
                        instanceType: "t3.micro",
                        associatePublicIpAddress: true,
                        ebsBlockDevices: [{ deviceName: "/dev/sdf" }],
                    },
                ],
                match: /it also asks for a public IP address and an unencrypted volume/,
            },
            { what: "not a list", path: "launchSpecifications", value: "x", match: /launchSpecifications that is not a list/ },
        ],
        alsoCompliant: [{ what: "an empty list", path: "launchSpecifications", value: [] }],
        unknowns: [{ what: "unknown specifications", path: "launchSpecifications", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "resource",
        policy: ec2VpcEndpointServiceRestricted,
        type: "aws:ec2/vpcEndpointService:VpcEndpointService",
        name: "svc",
        compliant: { acceptanceRequired: true, networkLoadBalancerArns: ["arn:nlb"], allowedPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] },
        config: TRUSTED,
        violations: [
            {
                what: "no acceptance",
                path: "acceptanceRequired",
                value: false,
                match: /\[IAM-1\] endpoint service "svc" accepts every connection request without review \(acceptanceRequired false\)/,
            },
            {
                what: "a wildcard principal",
                path: "allowedPrincipals",
                value: ["*"],
                match: /allows "\*": a wildcard \(any AWS account may connect\) \(allowedPrincipals\.0\)/,
            },
            { what: "a wildcard account", path: "allowedPrincipals.0", value: "arn:aws:iam::*:root", match: /a wildcard/ },
            {
                what: "another account",
                path: "allowedPrincipals.0",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
                match: new RegExp(`allows account ${OTHER_ACCOUNT}, outside trustedAccountIds`),
            },
            {
                what: "not a principal ARN",
                path: "allowedPrincipals.0",
                value: "everyone",
                match: /not an IAM principal ARN of one account/,
            },
        ],
        alsoCompliant: [{ what: "no principals", path: "allowedPrincipals", value: undefined }],
        unknowns: [
            { what: "unknown acceptance", path: "acceptanceRequired", value: UNKNOWN },
            { what: "unknown principals", path: "allowedPrincipals", value: UNKNOWN_ARRAY },
        ],
    },
    {
        kind: "resource",
        policy: ec2VpcEndpointServiceRestricted,
        type: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
        name: "allow",
        compliant: { vpcEndpointServiceId: "vpce-svc-1", principalArn: `arn:aws:iam::${ACCOUNT}:role/consumer` },
        config: TRUSTED,
        violations: [
            {
                what: "a wildcard",
                path: "principalArn",
                value: "*",
                match: /\[IAM-1\] endpoint service "allow" allows "\*": a wildcard \(any AWS account may connect\) \(principalArn\)/,
            },
            {
                what: "another account",
                path: "principalArn",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
                match: /outside trustedAccountIds \(principalArn\)/,
            },
            { what: "not a string", path: "principalArn", value: 7, match: /a principal that cannot be read \(principalArn 7\)/ },
        ],
        unknowns: [{ what: "unknown principal", path: "principalArn", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksIdentityProviderPrefixed,
        type: "aws:eks/identityProviderConfig:IdentityProviderConfig",
        name: "sso",
        compliant: {
            clusterName: "prod",
            oidc: {
                identityProviderConfigName: "sso",
                clientId: "kube",
                issuerUrl: "https://sso.example.com",
                usernameClaim: "email",
                usernamePrefix: "oidc:",
                groupsClaim: "groups",
                groupsPrefix: "oidc:",
            },
        },
        violations: [
            {
                what: "no groups prefix",
                path: "oidc.groupsPrefix",
                value: undefined,
                match: /\[EKS-4\] EKS identity provider "sso" maps OIDC groups into the cluster without a prefix \(oidc\.groupsPrefix unset\)/,
            },
            {
                what: "no username prefix",
                path: "oidc.usernamePrefix",
                value: "",
                match: /maps OIDC usernames into the cluster without a prefix/,
            },
            { what: 'the opt-out prefix "-"', path: "oidc.usernamePrefix", value: "-", match: /without a prefix/ },
            {
                what: "a reserved prefix",
                path: "oidc.groupsPrefix",
                value: "system:",
                match: /a prefix Kubernetes or EKS reserves \(oidc\.groupsPrefix\)/,
            },
            {
                what: "a plain-http issuer",
                path: "oidc.issuerUrl",
                value: "http://sso.example.com",
                match: /issuer that is not an https URL/,
            },
            { what: "no oidc block", path: "oidc", value: "x", match: /has no readable oidc block/ },
        ],
        unknowns: [
            { what: "unknown prefix", path: "oidc.groupsPrefix", value: UNKNOWN },
            { what: "unknown issuer", path: "oidc.issuerUrl", value: UNKNOWN },
            { what: "unknown oidc", path: "oidc", value: UNKNOWN_OBJECT },
        ],
    },
    ...(
        [
            [
                "aws:elb/loadBalancerPolicy:LoadBalancerPolicy",
                "policyAttributes",
                { loadBalancerName: "classic", policyName: "tls", policyTypeName: "SSLNegotiationPolicyType" },
            ],
            ["aws:elb/sslNegotiationPolicy:SslNegotiationPolicy", "attributes", { loadBalancer: "classic", lbPort: 443, name: "tls" }],
        ] as const
    ).map(([type, path, base]): ResourceCase => ({
        kind: "resource",
        policy: elbClassicSslPolicyModern,
        type,
        name: "tls",
        compliant: { ...base, [path]: SSL_REFERENCE },
        violations: [
            {
                what: "an old predefined policy",
                path: `${path}.0.value`,
                value: "ELBSecurityPolicy-2016-08",
                match: new RegExp(
                    `\\[CODE-1\\] SSL negotiation policy "tls" uses the predefined policy "ELBSecurityPolicy-2016-08", which is not in allowedReferencePolicies \\(${path}\\.0\\)`,
                ),
            },
            {
                what: "TLS 1.0 switched on",
                path,
                value: [
                    { name: "Protocol-TLSv1.2", value: "true" },
                    { name: "Protocol-TLSv1", value: "true" },
                ],
                match: /switches on Protocol-TLSv1 \(.*\.1\); only TLS 1\.2 and later/,
            },
            {
                what: "RC4 switched on",
                path,
                value: [
                    { name: "Protocol-TLSv1.2", value: "true" },
                    { name: "RC4-SHA", value: "true" },
                ],
                match: /switches on the weak cipher RC4-SHA/,
            },
            {
                what: "no TLS 1.2 and no reference",
                path,
                value: [{ name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" }],
                match: /names no allowed predefined policy \(Reference-Security-Policy\) and does not switch on Protocol-TLSv1\.2/,
            },
            { what: "no attributes at all", path, value: undefined, match: /names no allowed predefined policy/ },
            { what: "an unreadable attribute", path: `${path}.0`, value: { name: 7 }, match: /an attribute that cannot be read/ },
            { what: "attributes not a list", path, value: "x", match: /that is not a list/ },
        ],
        alsoCompliant: [
            {
                what: "a custom TLS 1.2 policy",
                path,
                value: [
                    { name: "Protocol-TLSv1.2", value: "true" },
                    { name: "Protocol-TLSv1", value: "false" },
                    { name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" },
                ],
            },
            {
                what: "another predefined policy on the allowlist",
                path: `${path}.0.value`,
                value: "ELBSecurityPolicy-TLS-1-1-2017-01",
                config: { allowedReferencePolicies: ["ELBSecurityPolicy-TLS-1-1-2017-01"] },
            },
            ...(type.includes("loadBalancerPolicy")
                ? [{ what: "another policy type", path: "policyTypeName", value: "ProxyProtocolPolicyType" }]
                : []),
        ],
        unknowns: [{ what: "unknown attributes", path, value: UNKNOWN_ARRAY }],
    })),
    {
        kind: "resource",
        policy: guarddutyIpsetTrustedAllowed,
        type: "aws:guardduty/iPSet:IPSet",
        name: "office",
        compliant: { detectorId: "d", format: "TXT", location: "https://s3.amazonaws.com/b/ips.txt", activate: false },
        violations: [
            {
                what: "active",
                path: "activate",
                value: true,
                match: /\[DET-1\] GuardDuty trusted IP list "office" is active \(activate true\): GuardDuty raises no finding for any address it lists, and it is not named in allowedIpSets/,
            },
            { what: "active as a string", path: "activate", value: "true", match: /is active/ },
            { what: "activate malformed", path: "activate", value: 7, match: /is active \(activate 7\)/ },
        ],
        alsoCompliant: [{ what: "active and reviewed", path: "activate", value: true, config: { allowedIpSets: ["office"] } }],
        unknowns: [{ what: "unknown activate", path: "activate", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: wafv2WebAclManagedRules,
        subject: "edge",
        compliant: [{ type: "aws:wafv2/webAcl:WebAcl", name: "edge", props: WEB_ACL }],
        violations: [
            {
                what: "a group missing",
                resource: "edge",
                path: "rules.2",
                value: undefined,
                match: /\[CODE-3\] web ACL "edge" does not run it: the AWS managed rule group AWSManagedRulesAmazonIpReputationList does not act on its traffic/,
            },
            {
                what: "a group in count mode",
                resource: "edge",
                path: "rules.1.overrideAction",
                value: { count: {} },
                match: /runs it in count mode only \(rules\.1\): the AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet/,
            },
            {
                what: "a group scoped down",
                resource: "edge",
                path: "rules.0.statement.managedRuleGroupStatement.scopeDownStatement",
                value: { byteMatchStatement: {} },
                match: /only on requests matching a scope-down statement/,
            },
            {
                what: "a group of another vendor",
                resource: "edge",
                path: "rules.0.statement.managedRuleGroupStatement.vendorName",
                value: "Fake",
                match: /does not run it: the AWS managed rule group AWSManagedRulesCommonRuleSet/,
            },
            {
                what: "the rate rule counts",
                resource: "edge",
                path: "rules.3.action",
                value: { count: {} },
                match: /has no rate-based rule that blocks \(rules\.3 only counts\)/,
            },
            {
                what: "rules not a list",
                resource: "edge",
                path: "rules",
                value: "x",
                match: /rules that cannot be checked: rules is not a list/,
            },
            { what: "ruleJson not JSON", resource: "edge", path: "ruleJson", value: "{", match: /ruleJson is not a JSON list of rules/ },
        ],
        alsoCompliant: [
            { what: "the rate rule challenges", resource: "edge", path: "rules.3.action", value: { challenge: {} } },
            {
                what: "no rate rule when not required",
                resource: "edge",
                path: "rules.3",
                value: undefined,
                config: { requireRateLimit: false },
            },
        ],
        unknowns: [{ what: "unknown rules", resource: "edge", path: "rules", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "stack",
        policy: wafv2WebAclManagedRules,
        subject: "edge",
        compliant: [
            {
                type: "aws:wafv2/webAcl:WebAcl",
                name: "edge",
                props: {
                    ...WEB_ACL,
                    rules: [],
                    ruleJson: JSON.stringify(
                        MANAGED_GROUPS.slice(0, 2).map((Name) => ({
                            Name,
                            Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name } },
                            OverrideAction: { None: {} },
                        })),
                    ),
                },
            },
            {
                type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
                name: "reputation",
                props: {
                    webAclArn: "arn",
                    ruleName: "r",
                    priority: 5,
                    managedRuleGroup: { vendorName: "AWS", name: MANAGED_GROUPS[2] },
                    overrideAction: "none",
                },
                propertyDependencies: { webAclArn: ["edge"] },
            },
            {
                type: "aws:wafv2/webAclRule:WebAclRule",
                name: "rate",
                props: {
                    webAclArn: "arn",
                    priority: 6,
                    action: { block: {} },
                    statement: { rateBasedStatement: { limit: 100, aggregateKeyType: "IP" } },
                },
                propertyDependencies: { webAclArn: ["edge"] },
            },
        ],
        violations: [
            {
                what: "the association counts",
                resource: "reputation",
                path: "overrideAction",
                value: "count",
                match: /runs it in count mode only \(reputation\): the AWS managed rule group AWSManagedRulesAmazonIpReputationList/,
            },
            {
                what: "the association is not linked to this ACL",
                resource: "reputation",
                path: "deps.webAclArn",
                value: null,
                match: /does not run it: the AWS managed rule group AWSManagedRulesAmazonIpReputationList/,
            },
            {
                what: "the separate rate rule dropped",
                resource: "rate",
                path: "",
                value: DROP,
                match: /has no rate-based rule that blocks/,
            },
            {
                what: "a ruleJson group counting",
                resource: "edge",
                path: "ruleJson",
                value: JSON.stringify([
                    {
                        Name: "c",
                        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: MANAGED_GROUPS[0] } },
                        OverrideAction: { Count: {} },
                    },
                ]),
                match: /runs it in count mode only \(ruleJson\.0\)/,
            },
        ],
        unknowns: [{ what: "unknown ruleJson", resource: "edge", path: "ruleJson", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: wafv2WebAclLogging,
        subject: "edge",
        compliant: [
            { type: "aws:wafv2/webAcl:WebAcl", name: "edge", props: WEB_ACL },
            {
                type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
                name: "edge-logging",
                props: { resourceArn: "arn", logDestinationConfigs: ["arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-edge"] },
                propertyDependencies: { resourceArn: ["edge"] },
            },
        ],
        violations: [
            {
                what: "no logging configuration",
                resource: "edge-logging",
                path: "",
                value: DROP,
                match: /\[CODE-3\] web ACL "edge" has no WebAclLoggingConfiguration in this program/,
            },
            {
                what: "no destination",
                resource: "edge-logging",
                path: "logDestinationConfigs",
                value: [],
                match: /a logging configuration with no destination/,
            },
            {
                what: "the configuration logs another ACL",
                resource: "edge-logging",
                path: "deps.resourceArn",
                value: null,
                match: /has no WebAclLoggingConfiguration/,
            },
        ],
        unknowns: [],
        unknownsNeverMatter: "an unknown destination list is computed from a log group of the program: it is set",
    },
];
