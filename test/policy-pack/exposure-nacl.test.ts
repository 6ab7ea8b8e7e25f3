/**
 * Exposure of network ACLs as address sets (NET-3): allows of the internet split into pieces
 * and spread over inline entries and NetworkAclRule resources are blocked; the same pieces
 * denied first, in rule-number order, pass.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { splitArb } from "../support/cidrSplit";
import { Diagnostic, TestResource, UNKNOWN, analyzeStack, of } from "./runtime";
import { RUNS, picksArb, texts } from "./exposure-support";

const NACL_POLICY = ALL_POLICIES.find((p) => p.meta.name === "ec2-nacl-no-public-admin-ports")!;

describe("NET-3 NACL entries as address sets, first match in rule-number order (property-based)", () => {
    const nacl = (ingress: unknown[]): TestResource => ({
        type: "aws:ec2/networkAcl:NetworkAcl",
        name: "acl",
        props: { vpcId: "vpc-1", ingress },
    });
    const rule = (i: number, n: number, action: string, cidr: string, from: number, to: number): TestResource => ({
        type: "aws:ec2/networkAclRule:NetworkAclRule",
        name: `rule-${i}`,
        props: {
            networkAclId: UNKNOWN,
            ruleNumber: n,
            egress: false,
            protocol: "tcp",
            ruleAction: action,
            fromPort: from,
            toPort: to,
            ...(cidr.includes(":") ? { ipv6CidrBlock: cidr } : { cidrBlock: cidr }),
        },
        propertyDependencies: { networkAclId: ["acl"] },
    });
    async function naclDiagnostics(resources: TestResource[]): Promise<Diagnostic[]> {
        return of(await analyzeStack([NACL_POLICY], resources), NACL_POLICY.meta.name);
    }

    it("allows of a split /0 spread over inline entries and NetworkAclRule: blocked; the same pieces denied first: passes", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: 1 }).chain((f) => splitArb(f === 0 ? "ipv4" : "ipv6")),
                picksArb,
                async (pieces, picks) => {
                    const inline: unknown[] = [];
                    const separate: TestResource[] = [];
                    pieces.forEach((p, i) => {
                        const key = p.includes(":") ? "ipv6CidrBlock" : "cidrBlock";
                        if (picks[i] % 2 === 0)
                            inline.push({ ruleNo: 200 + i, action: "allow", protocol: "6", fromPort: 0, toPort: 1024, [key]: p });
                        else separate.push(rule(i, 200 + i, "allow", p, 20, 25));
                    });
                    const open = await naclDiagnostics([nacl(inline), ...separate]);
                    assert.ok(
                        open.some((d) => /to reach tcp port 22/.test(d.message)),
                        texts(open),
                    );
                    // Denies of the same pieces, numbered lower, in the other shape.
                    const denies = pieces.map((p, i) => ({
                        ruleNo: 100 + i,
                        action: "deny",
                        protocol: "tcp",
                        fromPort: 22,
                        toPort: 22,
                        [p.includes(":") ? "ipv6CidrBlock" : "cidrBlock"]: p,
                    }));
                    const closed = await naclDiagnostics([
                        nacl([
                            ...inline,
                            ...denies,
                            { ruleNo: 150, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
                            { ruleNo: 151, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlock: "::/0" },
                        ]),
                        ...separate,
                    ]);
                    assert.equal(texts(closed), "");
                },
            ),
            { numRuns: RUNS },
        );
    });
});
