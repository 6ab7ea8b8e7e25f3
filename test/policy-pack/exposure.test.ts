/**
 * Exposure of security groups as address sets (NET-6): equivalent spellings of the same open
 * port (a range split into 2..64 pieces, IPv4 and IPv6, overlaps, IPv4-mapped IPv6, rules
 * spread over every resource shape, protocol and port spellings) are all blocked; compliant
 * neighbours pass; malformed sources are violations naming resource and property. NACLs and
 * the EKS endpoint are in exposure-nacl.test.ts and exposure-eks.test.ts.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { splitArb } from "../support/cidrSplit";
import { Diagnostic, TestResource, UNKNOWN, analyzeStack, of } from "./runtime";
import { RUNS, picksArb, texts } from "./exposure-support";

const SG_POLICY = ALL_POLICIES.find((p) => p.meta.name === "ec2-security-group-no-public-ingress")!;

const VPC: TestResource = { type: "aws:ec2/vpc:Vpc", name: "main", props: { cidrBlock: "10.0.0.0/16" } };
const SG: TestResource = {
    type: "aws:ec2/securityGroup:SecurityGroup",
    name: "app",
    props: { vpcId: UNKNOWN, ingress: [] },
    propertyDependencies: { vpcId: ["main"] },
};

type Shape = "inline" | "sgRule" | "vpcRule" | "defaultGroupRule" | "defaultGroup" | "byId";

interface Spelling {
    readonly protocol: string | number;
    readonly from: number;
    readonly to: number;
}
/** Spellings of "tcp, covering port `port`". */
const spellingArb = (port: number) =>
    fc.oneof(
        fc.constantFrom<Spelling>(
            { protocol: "-1", from: 0, to: 0 },
            { protocol: "all", from: -1, to: -1 },
            { protocol: -1, from: 0, to: 65535 },
        ),
        fc
            .tuple(
                fc.constantFrom<string | number>("tcp", "TCP", "6", 6),
                fc.integer({ min: 0, max: port }),
                fc.integer({ min: port, max: 65535 }),
            )
            .map(([protocol, from, to]) => ({ protocol, from, to })),
    );

/** One resource carrying `cidrs` as ingress to the group "app" (or the VPC's default group). */
function ruleResources(shape: Shape, i: number, cidrs: readonly string[], s: Spelling): TestResource[] {
    const v4 = cidrs.filter((c) => !c.includes(":"));
    const v6 = cidrs.filter((c) => c.includes(":"));
    const name = `r${i}`;
    switch (shape) {
        case "inline":
            return [
                {
                    ...SG,
                    name: `app-extra-${i}`,
                    props: { ingress: [{ protocol: s.protocol, fromPort: s.from, toPort: s.to, cidrBlocks: v4, ipv6CidrBlocks: v6 }] },
                },
            ];
        case "sgRule":
        case "defaultGroupRule":
            return [
                {
                    type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                    name,
                    props: {
                        type: "ingress",
                        securityGroupId: UNKNOWN,
                        protocol: s.protocol,
                        fromPort: s.from,
                        toPort: s.to,
                        cidrBlocks: v4,
                        ipv6CidrBlocks: v6,
                    },
                    propertyDependencies: { securityGroupId: [shape === "sgRule" ? "app" : "main"] },
                },
            ];
        case "vpcRule":
            return cidrs.map((c, j) => ({
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name: `${name}-${j}`,
                props: {
                    securityGroupId: UNKNOWN,
                    ipProtocol: s.protocol,
                    fromPort: s.from,
                    toPort: s.to,
                    ...(c.includes(":") ? { cidrIpv6: c } : { cidrIpv4: c }),
                },
                propertyDependencies: { securityGroupId: ["app"] },
            }));
        case "defaultGroup":
            return [
                {
                    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
                    name: `default-${i}`,
                    props: {
                        vpcId: UNKNOWN,
                        ingress: [{ protocol: s.protocol, fromPort: s.from, toPort: s.to, cidrBlocks: v4, ipv6CidrBlocks: v6 }],
                    },
                    propertyDependencies: { vpcId: ["main"] },
                },
            ];
        case "byId":
            return cidrs.map((c, j) => ({
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name: `${name}-${j}`,
                props: {
                    securityGroupId: "sg-0123456789abcdef0",
                    ipProtocol: s.protocol,
                    fromPort: s.from,
                    toPort: s.to,
                    ...(c.includes(":") ? { cidrIpv6: c } : { cidrIpv4: c }),
                },
            }));
    }
}

/** The pieces spread over shapes: all of one target (app group, the VPC's default group, or an id). */
function spread(pieces: readonly string[], target: "app" | "default" | "id", picks: readonly number[], s: Spelling): TestResource[] {
    const shapes: readonly Shape[] =
        target === "app" ? ["sgRule", "vpcRule"] : target === "default" ? ["defaultGroupRule", "defaultGroup"] : ["byId"];
    const out: TestResource[] = [VPC, SG];
    pieces.forEach((p, i) => out.push(...ruleResources(shapes[(picks[i] ?? 0) % shapes.length], i, [p], s)));
    return out;
}

async function sgDiagnostics(resources: readonly TestResource[], config: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    return of(await analyzeStack([SG_POLICY], resources, { [SG_POLICY.meta.name]: config }), SG_POLICY.meta.name);
}

const familyArb = fc.constantFrom("ipv4" as const, "ipv6" as const);
const targetArb = fc.constantFrom("app" as const, "default" as const, "id" as const);

describe("NET-6 exposure as address sets (property-based)", () => {
    it("the internet split into 2..64 pieces over several resource types reaches SSH: blocked", async () => {
        await fc.assert(
            fc.asyncProperty(
                familyArb,
                fc.integer({ min: 0, max: 1 }).chain((f) => splitArb(f === 0 ? "ipv4" : "ipv6")),
                targetArb,
                picksArb,
                spellingArb(22),
                async (_f, pieces, target, picks, s) => {
                    const ds = await sgDiagnostics(spread(pieces, target, picks, s));
                    assert.ok(
                        ds.some((d) => d.enforcementLevel === "mandatory" && /administrative (tcp )?.*port/.test(d.message)),
                        texts(ds),
                    );
                },
            ),
            { numRuns: RUNS },
        );
    });

    it("overlapping pieces, IPv4-mapped IPv6 and 0.0.0.0/1 + 128.0.0.0/1 on 8080 (not a load-balancer port): blocked", async () => {
        const spellings = [
            ["0.0.0.0/1", "128.0.0.0/1"],
            ["::ffff:0:0/96"],
            ["0.0.0.0/2", "0.0.0.0/1", "64.0.0.0/2", "128.0.0.0/1"],
            ["::/1", "8000::/1"],
        ];
        for (const pieces of spellings) {
            for (const target of ["app", "default", "id"] as const) {
                const ds = await sgDiagnostics(spread(pieces, target, [0, 1, 0, 1], { protocol: "tcp", from: 8080, to: 8080 }));
                assert.ok(
                    ds.some((d) => /reach tcp port 8080/.test(d.message)),
                    `${pieces.join(",")} ${target}:\n${texts(ds)}`,
                );
            }
        }
    });

    it("compliant neighbours pass: private pieces, allowlisted /24s, security-group sources, 443 on a load-balancer group", async () => {
        const privateArb = fc.constantFrom(
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "100.64.0.0/10",
            "fd00::/8",
            "fc00::/7",
            "::ffff:10.0.0.0/104",
        );
        await fc.assert(
            fc.asyncProperty(
                fc.array(privateArb, { minLength: 2, maxLength: 20 }),
                targetArb,
                picksArb,
                spellingArb(22),
                async (pieces, target, picks, s) => {
                    const ds = await sgDiagnostics(spread(pieces, target, picks, s));
                    assert.deepEqual(texts(ds), "");
                },
            ),
            { numRuns: RUNS },
        );
        const offices = ["203.0.113.0/24", "198.51.100.0/24", "2001:db8:1::/56"];
        assert.equal(
            texts(
                await sgDiagnostics(spread(offices, "app", [0, 1, 0], { protocol: "tcp", from: 22, to: 22 }), {
                    adminAllowedCidrs: offices,
                }),
            ),
            "",
        );
        // A /16 on the allowlist is larger than a /24: not honoured.
        const wide = await sgDiagnostics(spread(["203.0.0.0/16"], "app", [0], { protocol: "tcp", from: 22, to: 22 }), {
            adminAllowedCidrs: ["203.0.0.0/16"],
        });
        assert.match(texts(wide), /adminAllowedCidrs entries ignored: 203\.0\.0\.0\/16 \(larger than \/24\)/);
        const sgSource: TestResource[] = [
            VPC,
            SG,
            {
                type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                name: "from-lb",
                props: {
                    type: "ingress",
                    securityGroupId: UNKNOWN,
                    protocol: "tcp",
                    fromPort: 22,
                    toPort: 22,
                    sourceSecurityGroupId: UNKNOWN,
                },
                propertyDependencies: { securityGroupId: ["app"] },
            },
        ];
        assert.equal(texts(await sgDiagnostics(sgSource)), "");
        const lb = spread(["0.0.0.0/1", "128.0.0.0/1", "::/0"], "app", [0, 1, 0], { protocol: "tcp", from: 443, to: 443 });
        assert.equal(texts(await sgDiagnostics(lb, { loadBalancerSecurityGroups: ["app"] })), "");
        assert.match(texts(await sgDiagnostics(lb)), /only load-balancer groups listed/);
    });

    it("prefix lists created in the program are resolved to their entries (inline and ManagedPrefixListEntry)", async () => {
        const pl: TestResource = {
            type: "aws:ec2/managedPrefixList:ManagedPrefixList",
            name: "office",
            props: { addressFamily: "IPv4", maxEntries: 4, entries: [{ cidr: "0.0.0.0/1" }] },
        };
        const entry: TestResource = {
            type: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
            name: "office-2",
            props: { prefixListId: UNKNOWN, cidr: "128.0.0.0/1" },
            propertyDependencies: { prefixListId: ["office"] },
        };
        const rule: TestResource = {
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "ssh",
            props: { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: UNKNOWN },
            propertyDependencies: { securityGroupId: ["app"], prefixListId: ["office"] },
        };
        assert.match(
            texts(await sgDiagnostics([VPC, SG, pl, entry, rule])),
            /lets 0\.0\.0\.0\/0 .*administrative tcp port 22 through security group rule "ssh"/,
        );
        const privateList = { ...pl, props: { ...pl.props, entries: [{ cidr: "10.0.0.0/8" }] } };
        const privateEntry = { ...entry, props: { ...entry.props, cidr: "192.168.0.0/16" } };
        assert.equal(texts(await sgDiagnostics([VPC, SG, privateList, privateEntry, rule])), "");
        // Not created here: unknown entries, fail closed on admin ports only.
        const outside = {
            ...rule,
            props: { ...rule.props, prefixListId: "pl-0123456789abcdef0" },
            propertyDependencies: { securityGroupId: ["app"] },
        };
        assert.match(texts(await sgDiagnostics([VPC, SG, outside])), /prefix list not created in this program.*treated as open/);
        const outside443 = { ...outside, props: { ...outside.props, fromPort: 443, toPort: 443 } };
        assert.equal(texts(await sgDiagnostics([VPC, SG, outside443])), "");
    });

    it("malformed CIDRs and prefix lists give a violation naming resource and property, never a throw", async () => {
        const junk = fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.constantFrom("10.0.0.0/33", "1.2.3/8", "::/129", "0x0a.0.0.0/8", "fe80::1%eth0/64", "0.0.0.0", ""),
            fc.integer(),
            fc.constant(null),
            fc.object({ maxDepth: 1 }),
        );
        await fc.assert(
            fc.asyncProperty(
                junk,
                fc.constantFrom("cidrIpv4", "cidrIpv6", "prefixListId", "ipProtocol", "fromPort"),
                async (value, field) => {
                    const rule: TestResource = {
                        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                        name: "odd",
                        props: {
                            securityGroupId: UNKNOWN,
                            ipProtocol: "tcp",
                            fromPort: 22,
                            toPort: 22,
                            cidrIpv4: "10.0.0.0/8",
                            [field]: value,
                        },
                        propertyDependencies: { securityGroupId: ["app"] },
                    };
                    const ds = await sgDiagnostics([VPC, SG, rule]);
                    assert.ok(
                        ds.every((d) => !/could not evaluate|internal error/.test(d.message)),
                        texts(ds),
                    );
                    const malformedCidr = (field === "cidrIpv4" || field === "cidrIpv6") && value !== null && value !== undefined;
                    if (malformedCidr)
                        assert.ok(
                            ds.some((d) => d.message.includes(`security group rule "odd" ${field}`)),
                            `${JSON.stringify(value)}:\n${texts(ds)}`,
                        );
                },
            ),
            { numRuns: RUNS * 2 },
        );
    });
});
