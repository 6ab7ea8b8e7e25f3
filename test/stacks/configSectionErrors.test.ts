import { parseConfig } from "../../stacks/config";
import { minimal, throwsWith } from "./support";

describe("stack config sections, bad config: the message names the key (down to the list entry and field) and says what is allowed", () => {
    const team = (extra: Record<string, unknown>) => ({ teams: [{ name: "web", ...extra }] });
    const group = (extra: Record<string, unknown>) => ({
        nodeGroups: [{ name: "system", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 2, ...extra }],
    });
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        // cluster
        [
            "EKS-4: no admin principals (required, no default)",
            { adminPrincipalArns: undefined },
            /secure-baseline:adminPrincipalArns is required and has no default/,
        ],
        [
            "EKS-4: an empty admin list",
            { adminPrincipalArns: [] },
            /secure-baseline:adminPrincipalArns \[\] is empty; list the IAM role or user ARNs/,
        ],
        [
            "EKS-4: an admin that is not a role or user ARN",
            { adminPrincipalArns: ["arn:aws:iam::123456789012:group/admins"] },
            /secure-baseline:adminPrincipalArns\[\d+\] "arn:aws:iam::123456789012:group\/admins" is not an IAM role or user ARN/,
        ],
        [
            "EKS-9: an unsupported Kubernetes version",
            { kubernetesVersion: "1.29" },
            /secure-baseline:kubernetesVersion "1\.29" is not allowed; use one of 1\.34, 1\.35, 1\.36/,
        ],
        [
            "EKS-1: an endpoint CIDR open to the world",
            { publicAccessCidrs: ["::/0"] },
            /secure-baseline:publicAccessCidrs\[\d+\] "::\/0" opens the API endpoint to the whole internet/,
        ],
        [
            "EKS-1: an invalid endpoint CIDR",
            { publicAccessCidrs: ["203.0.113.7/24"] },
            /secure-baseline:publicAccessCidrs\[\d+\] "203\.0\.113\.7\/24" is not an IPv4 CIDR block/,
        ],
        [
            "EKS-6: node group sizes min > desired",
            group({ minSize: 3, desiredSize: 2, maxSize: 4 }),
            /secure-baseline:nodeGroups\[0\] sizes min 3, desired 2, max 4 are not allowed; require min <= desired <= max/,
        ],
        [
            "EKS-6: node group max 0",
            group({ minSize: 0, desiredSize: 0, maxSize: 0 }),
            /secure-baseline:nodeGroups\[0\]\.maxSize 0 is not allowed; it must be greater than 0/,
        ],
        ["EKS-6: an empty instance type list", group({ instanceTypes: [] }), /secure-baseline:nodeGroups\[0\]\.instanceTypes is empty/],
        [
            "EKS-6: hop limit 3",
            group({ httpPutResponseHopLimit: 3 }),
            /secure-baseline:nodeGroups\[0\]\.httpPutResponseHopLimit 3 is not allowed; use 1 or 2/,
        ],
        [
            "EKS-6: an AMI outside AL2023/Bottlerocket",
            group({ amiType: "AL2_x86_64" }),
            /secure-baseline:nodeGroups\[0\]\.amiType "AL2_x86_64" is not allowed; use one of AL2023_x86_64_STANDARD/,
        ],
        [
            "EKS-6: an unknown node group field (remote access)",
            group({ remoteAccess: { ec2SshKey: "ops" } }),
            /secure-baseline:nodeGroups\[0\] has unknown field "remoteAccess"/,
        ],
        [
            "EKS-3: a log retention CloudWatch refuses",
            { clusterLogRetentionDays: 100 },
            /secure-baseline:clusterLogRetentionDays 100 is not a CloudWatch Logs retention/,
        ],
        // detection
        [
            "DET-1: an unknown GuardDuty feature",
            { guardDutyFeatures: ["EKS_AUDIT_LOGS", "DNS_LOGS"] },
            /secure-baseline:guardDutyFeatures\[1\] "DNS_LOGS" is not allowed; use one of S3_DATA_EVENTS, EKS_AUDIT_LOGS/,
        ],
        [
            "DET-1: both runtime-monitoring features",
            { guardDutyFeatures: ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"] },
            /secure-baseline:guardDutyFeatures lists both "EKS_RUNTIME_MONITORING" and "RUNTIME_MONITORING"/,
        ],
        [
            "DET-6: a severity outside 1-8",
            { alertSeverityThreshold: 9 },
            /secure-baseline:alertSeverityThreshold 9 is not allowed; use a whole number from 1 to 8/,
        ],
        [
            "DET-6: an email subscription that is not an address",
            { alertEmails: ["ops@example.com", "security-team"] },
            /secure-baseline:alertEmails\[1\] "security-team" is not an email address/,
        ],
        [
            "DET-6: an http (not https) endpoint",
            { alertHttpsEndpoints: ["http://hooks.example.com"] },
            /secure-baseline:alertHttpsEndpoints\[0\] "http:\/\/hooks\.example\.com" is not an https:\/\/ URL/,
        ],
        [
            "DET-7: organization mode without a delegated administrator",
            { organizationMode: true },
            /secure-baseline:organizationMode is on but secure-baseline:delegatedAdminAccountId is missing/,
        ],
        [
            "DET-7: a delegated administrator id that is not 12 digits",
            { organizationMode: true, delegatedAdminAccountId: "1234" },
            /secure-baseline:delegatedAdminAccountId "1234" is not a 12-digit AWS account id/,
        ],
        [
            "DET-2: a home region that is not a region",
            { configHomeRegion: "virginia" },
            /secure-baseline:configHomeRegion "virginia" is not an AWS region name/,
        ],
        // registry
        [
            "CTR-1: an invalid repository name",
            { repositories: ["ok/app", "Bad Name"] },
            /secure-baseline:repositories\[1\] "Bad Name" is not a valid ECR name/,
        ],
        ["CTR-1: a repository listed twice", { repositories: ["app", "app"] }, /secure-baseline:repositories\[1\] "app" is listed twice/],
        [
            "CTR-1: an untagged expiry of 0 days",
            { untaggedImageExpiryDays: 0 },
            /secure-baseline:untaggedImageExpiryDays 0 is not allowed; use a whole number from 1 to 3650/,
        ],
        // teams
        [
            "K8S-1: a reserved namespace",
            team({ namespaces: ["kube-system"] }),
            /secure-baseline:teams\[0\]\.namespaces\[0\] "kube-system" is reserved/,
        ],
        [
            "K8S-1: a team name that is not a DNS-1123 label",
            { teams: [{ name: "Web_Team" }] },
            /secure-baseline:teams\[0\]\.name "Web_Team" is not a DNS-1123 label/,
        ],
        [
            "K8S-4: a quantity Kubernetes would not parse",
            team({ quota: { limitsMemory: "-1Gi" } }),
            /secure-baseline:teams\[0\]\.quota\.limitsMemory "-1Gi" is negative/,
        ],
        [
            "K8S-4: a limit below its request",
            team({ quota: { requestsCpu: "8", limitsCpu: "4" } }),
            /secure-baseline:teams\[0\]\.quota\.limitsCpu "4" is below secure-baseline:teams\[0\]\.quota\.requestsCpu "8"/,
        ],
        [
            "K8S-2: an invalid egress CIDR",
            team({ network: { egressTo: [{ name: "api", cidrs: ["10.0.0.1/8"], ports: [{ port: 443 }] }] } }),
            /secure-baseline:teams\[0\]\.network\.egressTo\[0\]\.cidrs\[0\] "10\.0\.0\.1\/8" has host bits set/,
        ],
        [
            "K8S-2: an unknown protocol",
            team({ network: { egressTo: [{ name: "api", cidrs: ["10.0.0.0/8"], ports: [{ port: 443, protocol: "ICMP" }] }] } }),
            /secure-baseline:teams\[0\]\.network\.egressTo\[0\]\.ports\[0\]\.protocol "ICMP" is not allowed; use one of TCP, UDP, SCTP/,
        ],
        [
            "EKS-4: a team editor that is not an IAM ARN",
            team({ editors: ["alice"] }),
            /secure-baseline:teams\[0\]\.editors\[\d+\] "alice" is not an IAM role or user ARN/,
        ],
        [
            "K8S-5: a misspelt team field",
            team({ editCanReadSecrets: true }),
            /secure-baseline:teams\[0\] has unknown field "editCanReadSecrets"/,
        ],
        [
            "K8S-5: one namespace claimed by two teams",
            { teams: [{ name: "web" }, { name: "api", namespaces: ["web"] }] },
            /secure-baseline:teams\[1\]\.namespaces\[0\] "web" is already secure-baseline:teams\[0\]'s namespace/,
        ],
        [
            "K8S-5: teams that is not a list",
            { teams: JSON.stringify({ name: "web" }) },
            /secure-baseline:teams \{"name":"web"\} is not allowed; use a list of teams/,
        ],
        // guardrails
        [
            "K8S-6: a registry allowlist entry with a scheme",
            { additionalRegistries: ["https://ghcr.io"] },
            /secure-baseline:additionalRegistries\[0\] "https:\/\/ghcr\.io" is not a registry host/,
        ],
        [
            "K8S-6: exempting the default namespace",
            { admissionExemptNamespaces: ["default"] },
            /secure-baseline:admissionExemptNamespaces\[0\] "default" may not be exempt/,
        ],
        [
            "K8S-5: a system: break-glass group",
            { breakGlassGroup: "system:masters" },
            /secure-baseline:breakGlassGroup "system:masters" is a reserved system: group/,
        ],
        [
            "EKS-4/K8S-5: a break-glass group EKS access entries cannot carry",
            { breakGlassGroup: "eks:ir" },
            /secure-baseline:breakGlassGroup "eks:ir" starts with "eks:", which EKS reserves/,
        ],
        [
            "EKS-4/K8S-5: a break-glass principal that is not an IAM role or user ARN",
            { breakGlassPrincipalArns: ["arn:aws:iam::123456789012:group/ir"] },
            /secure-baseline:breakGlassPrincipalArns\[\d+\] "arn:aws:iam::123456789012:group\/ir" is not an IAM role or user ARN/,
        ],
        [
            "EKS-4/K8S-5: break-glass principals without a break-glass group",
            { breakGlassPrincipalArns: ["arn:aws:iam::123456789012:role/ir"], breakGlassGroup: "" },
            /secure-baseline:breakGlassPrincipalArns \["arn:aws:iam::123456789012:role\/ir"\] needs a break-glass group, but secure-baseline:breakGlassGroup is empty/,
        ],
        [
            "K8S-5: an empty read-only group",
            { clusterReadOnlyGroups: [" "] },
            /secure-baseline:clusterReadOnlyGroups\[0\] " " is an empty group name/,
        ],
        [
            "K8S-1: a Pod Security version that is not v1.<minor>",
            { podSecurityVersion: "latest", teams: [{ name: "web" }] },
            /secure-baseline:podSecurityVersion "latest" is not a Pod Security version/,
        ],
    ];
    for (const [title, raw, message] of cases) {
        it(`rejects ${title}`, () => throwsWith(() => parseConfig(minimal(raw)), message));
    }
});
