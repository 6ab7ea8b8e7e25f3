/**
 * Pure validators for the guardrails' arguments. Each throws a ValidationError before any resource exists,
 * naming the argument, quoting the bad value and saying what is allowed; the `...Error` checks return the
 * Problem (or undefined) for a caller to report.
 */
import { Validator } from "ip-num";
import {
    ContainerDefaults,
    DEFAULT_CONTAINER_DEFAULTS,
    DEFAULT_QUOTA,
    DNS1123_LABEL,
    DNS1123_LABEL_MAX,
    NETWORK_PROTOCOLS,
    PSA_VERSION_PATTERN,
    QuotaSize,
    RESERVED_NAMESPACES,
    TEAM_ROLES,
} from "./constants";
import { NamespaceBaselineArgs } from "./namespaceArgs";
import { compareQuantities, quantityError } from "./quantity";
import { ArgPath, Naming, Problem, Reporter, emptyList, quoteValue, reporter } from "../common/validation";

export function dns1123LabelError(path: ArgPath, value: string): Problem | undefined {
    if (value.length === 0 || value.length > DNS1123_LABEL_MAX || !DNS1123_LABEL.test(value)) {
        return {
            path,
            value,
            problem: "is not a DNS-1123 label",
            allowed: `use 1 to ${DNS1123_LABEL_MAX} lowercase letters, digits or "-", starting and ending with a letter or digit`,
        };
    }
    return undefined;
}

/** An IPv4 or IPv6 CIDR in canonical form (no host bits), or the problem with it. */
export function cidrError(path: ArgPath, value: string): Problem | undefined {
    const [v4] = Validator.isValidIPv4CidrNotation(value);
    const [v6] = Validator.isValidIPv6CidrNotation(value);
    if (!v4 && !v6) return { path, value, problem: "is not a CIDR", allowed: 'use an IPv4 or IPv6 network such as "10.20.0.0/16"' };
    const [canonical] = v4 ? Validator.isValidIPv4CidrRange(value) : Validator.isValidIPv6CidrRange(value);
    if (!canonical) return { path, value, problem: "has host bits set", allowed: "use the network address of the range" };
    return undefined;
}

export function groupNameError(path: ArgPath, value: string): Problem | undefined {
    if (value.trim().length === 0) {
        return { path, value, problem: "is an empty group name", allowed: "name the group exactly as authentication reports it" };
    }
    if (value.startsWith("system:")) return { path, value, problem: "is a reserved system: group", allowed: "use a group of your own" };
    return undefined;
}

export function resolvedQuota(args: NamespaceBaselineArgs): QuotaSize {
    return { ...DEFAULT_QUOTA, ...args.quota };
}

export function resolvedDefaults(args: NamespaceBaselineArgs): ContainerDefaults {
    return { ...DEFAULT_CONTAINER_DEFAULTS, ...args.containerDefaults };
}

function validatePorts(r: Reporter, path: ArgPath, ports: readonly { port: number; protocol?: string }[]): void {
    ports.forEach((p, i) => {
        if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
            r.fail({ path: [...path, i, "port"], value: p.port, problem: "is not a port", allowed: "use a whole number from 1 to 65535" });
        }
        if (p.protocol !== undefined && !(NETWORK_PROTOCOLS as readonly string[]).includes(p.protocol)) {
            r.fail({
                path: [...path, i, "protocol"],
                value: p.protocol,
                problem: "is not allowed",
                allowed: `use one of ${NETWORK_PROTOCOLS.join(", ")}`,
            });
        }
    });
}

function validateFlows(r: Reporter, ns: string, network: NonNullable<NamespaceBaselineArgs["network"]>): void {
    (network.ingressFrom ?? []).forEach((f, i) => {
        const at: ArgPath = ["network", "ingressFrom", i];
        r.check(dns1123LabelError([...at, "namespace"], f.namespace));
        if (f.namespace === ns) {
            r.fail({
                path: [...at, "namespace"],
                value: f.namespace,
                problem: "is this namespace",
                allowed: `use ${r.name("network", "allowSameNamespace")}`,
            });
        }
        validatePorts(r, [...at, "ports"], f.ports ?? []);
    });
    const egressNames = new Set<string>();
    (network.egressTo ?? []).forEach((f, i) => {
        const at: ArgPath = ["network", "egressTo", i];
        r.check(dns1123LabelError([...at, "name"], f.name));
        if (egressNames.has(f.name))
            r.fail({ path: [...at, "name"], value: f.name, problem: "is used twice", allowed: "names must be unique" });
        egressNames.add(f.name);
        if (f.cidrs.length === 0) {
            r.fail(emptyList([...at, "cidrs"], "list at least one destination CIDR"));
        }
        f.cidrs.forEach((cidr, j) => r.check(cidrError([...at, "cidrs", j], cidr)));
        if (f.ports.length === 0) r.fail(emptyList([...at, "ports"], "list the destination ports"));
        validatePorts(r, [...at, "ports"], f.ports);
    });
}

/** A limit below its request, named by both paths. */
function limitBelowRequest(r: Reporter, limit: [ArgPath, string], request: [ArgPath, string]): Problem | undefined {
    if (compareQuantities(limit[1], request[1]) >= 0) return undefined;
    return {
        path: limit[0],
        value: limit[1],
        problem: `is below ${r.name(...request[0])} ${quoteValue(request[1])}`,
        allowed: "a limit must be at least its request",
    };
}

function validateQuota(r: Reporter, quota: QuotaSize): void {
    for (const key of ["requestsCpu", "requestsMemory", "limitsCpu", "limitsMemory"] as const)
        r.check(quantityError(["quota", key], quota[key]));
    for (const key of ["pods", "services", "persistentVolumeClaims", "loadBalancers", "nodePorts"] as const) {
        if (!Number.isInteger(quota[key]) || quota[key] < 0) {
            r.fail({ path: ["quota", key], value: quota[key], problem: "is not allowed", allowed: "use a whole number of zero or more" });
        }
    }
    r.check(limitBelowRequest(r, [["quota", "limitsCpu"], quota.limitsCpu], [["quota", "requestsCpu"], quota.requestsCpu]));
    r.check(limitBelowRequest(r, [["quota", "limitsMemory"], quota.limitsMemory], [["quota", "requestsMemory"], quota.requestsMemory]));
}

function validateContainerDefaults(r: Reporter, defaults: ContainerDefaults, quota: QuotaSize): void {
    for (const kind of ["defaultRequest", "defaultLimit"] as const) {
        for (const res of ["cpu", "memory"] as const) r.check(quantityError(["containerDefaults", kind, res], defaults[kind][res]));
    }
    for (const res of ["cpu", "memory"] as const) {
        const lim = defaults.defaultLimit[res];
        const limitPath: ArgPath = ["containerDefaults", "defaultLimit", res];
        r.check(limitBelowRequest(r, [limitPath, lim], [["containerDefaults", "defaultRequest", res], defaults.defaultRequest[res]]));
        // A container default larger than the whole quota would make every defaulted pod unschedulable.
        const quotaKey = res === "cpu" ? "limitsCpu" : "limitsMemory";
        if (compareQuantities(lim, quota[quotaKey]) > 0) {
            r.fail({
                path: limitPath,
                value: lim,
                problem: `exceeds ${r.name("quota", quotaKey)} ${quoteValue(quota[quotaKey])}`,
                allowed: "a single container's default must fit in the namespace quota",
            });
        }
    }
}

/** Validates NamespaceBaseline arguments (K8S-1..K8S-5), naming paths by `naming` (a stack's config keys) when given. */
export function validateNamespaceBaselineArgs(name: string, args: NamespaceBaselineArgs, naming?: Naming): void {
    const r = reporter(`NamespaceBaseline "${name}"`, naming);
    const ns = args.namespace;
    r.check(dns1123LabelError(["namespace"], ns));
    if ((RESERVED_NAMESPACES as readonly string[]).includes(ns)) {
        r.fail({
            path: ["namespace"],
            value: ns,
            problem: "is reserved",
            allowed: `a team namespace may not be any of ${RESERVED_NAMESPACES.join(", ")}`,
        });
    }
    const version = args.podSecurityVersion;
    if (version !== undefined && !PSA_VERSION_PATTERN.test(version)) {
        r.fail({
            path: ["podSecurityVersion"],
            value: version,
            problem: "is not a Pod Security version",
            allowed: 'use "v1.<minor>", e.g. "v1.33"',
        });
    }
    validateFlows(r, ns, args.network ?? {});
    const quota = resolvedQuota(args);
    validateQuota(r, quota);
    validateContainerDefaults(r, resolvedDefaults(args), quota);
    for (const [role, groups] of Object.entries(args.groups ?? {})) {
        if (!(TEAM_ROLES as readonly string[]).includes(role)) {
            r.fail({
                path: ["groups", role],
                value: groups,
                problem: "is not a role's groups",
                allowed: `use one of ${TEAM_ROLES.join(", ")}`,
            });
        }
        (groups ?? []).forEach((g, i) => r.check(groupNameError(["groups", role, i], g)));
    }
}
