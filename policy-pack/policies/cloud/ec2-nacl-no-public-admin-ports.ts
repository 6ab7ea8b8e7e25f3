import { CheckContext, Data, DataRecord, asBoolean, asNumber, asRecord, asString, at, isUnknown, resourcePolicy } from "../../lib";
import { ADMIN_PORTS, covers, isWorldCidr, portRange, protocolClass } from "../shared/network";

const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";

type Family = "ipv4" | "ipv6";

/** One ingress NACL entry in a common shape (inline rules and NetworkAclRule differ in names). */
interface Entry {
    readonly path: string;
    readonly number: number;
    readonly allow: boolean;
    /** The families this entry matches the whole internet of. */
    readonly world: readonly Family[];
    /** Does it match tcp on `port`? */
    readonly tcpPort: (port: number) => boolean;
}

interface RawFields {
    readonly number: Data;
    readonly action: Data;
    readonly cidr: Data;
    readonly cidr6: Data;
    readonly protocol: Data;
    readonly fromPort: Data;
    readonly toPort: Data;
}

/** Reads an entry; undefined when a deciding field is unknown (already recorded). */
function toEntry(path: string, f: RawFields, ctx: CheckContext, recordUnknown: boolean): Entry | undefined {
    const fields: [string, Data][] = [
        ["number", f.number],
        ["action", f.action],
        ["cidrBlock", f.cidr],
        ["ipv6CidrBlock", f.cidr6],
        ["protocol", f.protocol],
        ["fromPort", f.fromPort],
        ["toPort", f.toPort],
    ];
    for (const [name, value] of fields) {
        if (recordUnknown ? ctx.isUnknown(value, `${path}.${name}`) : isUnknown(value)) {
            return undefined;
        }
    }
    const proto = protocolClass(f.protocol);
    const range = portRange(proto, f.fromPort, f.toPort);
    const world: Family[] = [];
    if (isWorldCidr(f.cidr)) world.push("ipv4");
    if (isWorldCidr(f.cidr6)) world.push("ipv6");
    return {
        path,
        number: asNumber(f.number) ?? Number.MAX_SAFE_INTEGER,
        allow: (asString(f.action) ?? "").trim().toLowerCase() === "allow",
        world,
        tcpPort: (port) => (proto === "all" || proto === "tcp") && covers(range, port),
    };
}

function inlineFields(rule: Data): RawFields {
    return {
        number: at(rule, "ruleNo"),
        action: at(rule, "action"),
        cidr: at(rule, "cidrBlock"),
        cidr6: at(rule, "ipv6CidrBlock"),
        protocol: at(rule, "protocol"),
        fromPort: at(rule, "fromPort"),
        toPort: at(rule, "toPort"),
    };
}

/**
 * NACLs are evaluated in rule-number order; the first match wins. For each admin port
 * and address family: the lowest-numbered entry that matches the whole internet on that
 * port decides. An allow there is a violation; a deny there makes the ACL compliant.
 */
function evaluate(entries: readonly Entry[], owner: string, ctx: CheckContext): void {
    const sorted = [...entries].sort((a, b) => a.number - b.number);
    for (const port of ADMIN_PORTS) {
        for (const family of ["ipv4", "ipv6"] as const) {
            const first = sorted.find((e) => e.world.includes(family) && e.tcpPort(port));
            if (first?.allow) {
                ctx.violation(
                    `${owner} ${first.path} (rule ${first.number}) allows ${family === "ipv4" ? "0.0.0.0/0" : "::/0"} to reach tcp port ${port}`,
                    `remove the rule, narrow its source, or add a lower-numbered deny for tcp ${port} from ${family === "ipv4" ? "0.0.0.0/0" : "::/0"}`,
                );
            }
        }
    }
}

/** NET-3: no NACL lets 0.0.0.0/0 or ::/0 reach 22 or 3389. */
export const ec2NaclNoPublicAdminPorts = resourcePolicy({
    name: "ec2-nacl-no-public-admin-ports",
    control: "NET-3",
    severity: "high",
    layer: "cloud",
    description: "Network ACLs must not allow 0.0.0.0/0 or ::/0 to reach tcp 22 or 3389 (a lower-numbered deny makes an allow harmless).",
    references: [{ framework: "FSBP", id: "EC2.21" }],
    remediation: "remove ingress allows from 0.0.0.0/0 or ::/0 that cover 22 or 3389, or add lower-numbered denies for those ports",
    resourceTypes: [NETWORK_ACL, DEFAULT_NETWORK_ACL, NETWORK_ACL_RULE],
    check: (r, ctx) => {
        if (r.type === NETWORK_ACL_RULE) {
            const egress = at(r.props, "egress");
            if (ctx.isUnknown(egress, "egress")) return;
            if (asBoolean(egress) === true) return;
            const entry = toEntry(
                "rule",
                {
                    number: at(r.props, "ruleNumber"),
                    action: at(r.props, "ruleAction"),
                    cidr: at(r.props, "cidrBlock"),
                    cidr6: at(r.props, "ipv6CidrBlock"),
                    protocol: at(r.props, "protocol"),
                    fromPort: at(r.props, "fromPort"),
                    toPort: at(r.props, "toPort"),
                },
                ctx,
                true,
            );
            // A separate rule cannot see its siblings: an allow from the internet to an
            // admin port is reported (exempt it, naming the deny that covers it, if one exists).
            if (entry) evaluate([entry], `network ACL rule "${r.name}"`, ctx);
            return;
        }
        const ingress = at(r.props, "ingress");
        if (ctx.isUnknown(ingress, "ingress") || !Array.isArray(ingress)) {
            return;
        }
        const entries: Entry[] = [];
        ingress.forEach((rule: Data, i: number) => {
            const rec: DataRecord | undefined = asRecord(rule);
            if (!rec) return;
            const fields = inlineFields(rec);
            // Unknowns in an allow entry decide; an unknown deny entry just does not protect.
            const action = (asString(fields.action) ?? "").toLowerCase();
            const entry = toEntry(`ingress.${i}`, fields, ctx, action !== "deny");
            if (entry) entries.push(entry);
        });
        evaluate(entries, `network ACL "${r.name}"`, ctx);
    },
});
