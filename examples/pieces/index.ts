import { HardenedVpc, SecureCluster, ThreatDetection, NamespaceBaseline, teamGroupName } from "secure-baseline";

const vpc = new HardenedVpc("network", { azCount: 3, natStrategy: "perAz", clusterName: "platform" });
const cluster = new SecureCluster("platform", {
    vpcId: vpc.vpcId,
    vpcCidr: vpc.vpcCidr,
    privateSubnetIds: vpc.privateSubnetIds,
    controlPlaneSubnetIds: vpc.isolatedSubnetIds,
    nodeInternetEgress: true,
    adminPrincipalArns: ["arn:aws:iam::111122223333:role/platform-admin"],
    teams: [{ name: "payments", namespaces: ["payments"], editors: ["arn:aws:iam::111122223333:role/payments-dev"] }],
});
new ThreatDetection("detection", { alertSubscriptions: [{ protocol: "email", endpoint: "security@example.com" }] });
new NamespaceBaseline(
    "payments",
    {
        namespace: "payments",
        groups: { view: [teamGroupName("payments", "view")], edit: [teamGroupName("payments", "edit")] },
    },
    { provider: cluster.provider },
);
