/**
 * Pure validators for the guardrails' arguments. Each throws before any resource exists, with a message
 * that names the argument, quotes the bad value and says what is allowed.
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

function fail(component: string, message: string): never {
    throw new Error(`${component}: ${message}`);
}

export function dns1123LabelError(argument: string, value: string): string | undefined {
    if (value.length === 0 || value.length > DNS1123_LABEL_MAX || !DNS1123_LABEL.test(value)) {
        return `${argument} "${value}" is not a DNS-1123 label; use 1 to ${DNS1123_LABEL_MAX} lowercase letters, digits or "-", starting and ending with a letter or digit`;
    }
    return undefined;
}

/** An IPv4 or IPv6 CIDR in canonical form (no host bits), or an error message. */
export function cidrError(argument: string, value: string): string | undefined {
    const [v4] = Validator.isValidIPv4CidrNotation(value);
    const [v6] = Validator.isValidIPv6CidrNotation(value);
    if (!v4 && !v6) return `${argument} "${value}" is not a CIDR; use an IPv4 or IPv6 network such as "10.20.0.0/16"`;
    const [canonical] = v4 ? Validator.isValidIPv4CidrRange(value) : Validator.isValidIPv6CidrRange(value);
    if (!canonical) return `${argument} "${value}" has host bits set; use the network address of the range`;
    return undefined;
}

export function groupNameError(argument: string, value: string): string | undefined {
    if (value.trim().length === 0) return `${argument} contains an empty group name; name the group exactly as authentication reports it`;
    if (value.startsWith("system:")) return `${argument} "${value}" is a reserved system: group; use a group of your own`;
    return undefined;
}

export function resolvedQuota(args: NamespaceBaselineArgs): QuotaSize {
    return { ...DEFAULT_QUOTA, ...args.quota };
}

export function resolvedDefaults(args: NamespaceBaselineArgs): ContainerDefaults {
    return { ...DEFAULT_CONTAINER_DEFAULTS, ...args.containerDefaults };
}

function validatePorts(c: string, argument: string, ports: readonly { port: number; protocol?: string }[]): void {
    ports.forEach((p, i) => {
        if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)
            fail(c, `${argument}[${i}].port ${p.port} is not a port; use a whole number from 1 to 65535`);
        if (p.protocol !== undefined && !(NETWORK_PROTOCOLS as readonly string[]).includes(p.protocol)) {
            fail(c, `${argument}[${i}].protocol "${p.protocol}" is not allowed; use one of ${NETWORK_PROTOCOLS.join(", ")}`);
        }
    });
}

/** Validates NamespaceBaseline arguments (K8S-1..K8S-5). */
export function validateNamespaceBaselineArgs(name: string, args: NamespaceBaselineArgs): void {
    const c = `NamespaceBaseline "${name}"`;
    const ns = args.namespace;
    const nsError = dns1123LabelError("namespace", ns);
    if (nsError) fail(c, nsError);
    if ((RESERVED_NAMESPACES as readonly string[]).includes(ns)) {
        fail(c, `namespace "${ns}" is reserved; a team namespace may not be any of ${RESERVED_NAMESPACES.join(", ")}`);
    }
    const version = args.podSecurityVersion;
    if (version !== undefined && !PSA_VERSION_PATTERN.test(version)) {
        fail(c, `podSecurityVersion "${version}" is not a Pod Security version; use "v1.<minor>", e.g. "v1.33"`);
    }

    const network = args.network ?? {};
    (network.ingressFrom ?? []).forEach((f, i) => {
        const e = dns1123LabelError(`network.ingressFrom[${i}].namespace`, f.namespace);
        if (e) fail(c, e);
        if (f.namespace === ns)
            fail(c, `network.ingressFrom[${i}].namespace "${f.namespace}" is this namespace; use network.allowSameNamespace`);
        validatePorts(c, `network.ingressFrom[${i}].ports`, f.ports ?? []);
    });
    const egressNames = new Set<string>();
    (network.egressTo ?? []).forEach((f, i) => {
        const e = dns1123LabelError(`network.egressTo[${i}].name`, f.name);
        if (e) fail(c, e);
        if (egressNames.has(f.name)) fail(c, `network.egressTo[${i}].name "${f.name}" is used twice; names must be unique`);
        egressNames.add(f.name);
        if (f.cidrs.length === 0) fail(c, `network.egressTo[${i}].cidrs is empty; list at least one destination CIDR`);
        f.cidrs.forEach((cidr, j) => {
            const ce = cidrError(`network.egressTo[${i}].cidrs[${j}]`, cidr);
            if (ce) fail(c, ce);
        });
        if (f.ports.length === 0) fail(c, `network.egressTo[${i}].ports is empty; list the destination ports`);
        validatePorts(c, `network.egressTo[${i}].ports`, f.ports);
    });

    const quota = resolvedQuota(args);
    for (const key of ["requestsCpu", "requestsMemory", "limitsCpu", "limitsMemory"] as const) {
        const e = quantityError(`quota.${key}`, quota[key]);
        if (e) fail(c, e);
    }
    for (const key of ["pods", "services", "persistentVolumeClaims", "loadBalancers", "nodePorts"] as const) {
        if (!Number.isInteger(quota[key]) || quota[key] < 0)
            fail(c, `quota.${key} ${quota[key]} is not allowed; use a whole number of zero or more`);
    }
    if (compareQuantities(quota.limitsCpu, quota.requestsCpu) < 0) {
        fail(
            c,
            `quota.limitsCpu "${quota.limitsCpu}" is below quota.requestsCpu "${quota.requestsCpu}"; a limit must be at least its request`,
        );
    }
    if (compareQuantities(quota.limitsMemory, quota.requestsMemory) < 0) {
        fail(
            c,
            `quota.limitsMemory "${quota.limitsMemory}" is below quota.requestsMemory "${quota.requestsMemory}"; a limit must be at least its request`,
        );
    }

    const defaults = resolvedDefaults(args);
    for (const kind of ["defaultRequest", "defaultLimit"] as const) {
        for (const res of ["cpu", "memory"] as const) {
            const e = quantityError(`containerDefaults.${kind}.${res}`, defaults[kind][res]);
            if (e) fail(c, e);
        }
    }
    for (const res of ["cpu", "memory"] as const) {
        const req = defaults.defaultRequest[res];
        const lim = defaults.defaultLimit[res];
        if (compareQuantities(lim, req) < 0) {
            fail(
                c,
                `containerDefaults.defaultLimit.${res} "${lim}" is below containerDefaults.defaultRequest.${res} "${req}"; a limit must be at least its request`,
            );
        }
        // A container default larger than the whole quota would make every defaulted pod unschedulable.
        const quotaLimit = res === "cpu" ? ["limitsCpu", quota.limitsCpu] : ["limitsMemory", quota.limitsMemory];
        if (compareQuantities(lim, quotaLimit[1]) > 0) {
            fail(
                c,
                `containerDefaults.defaultLimit.${res} "${lim}" exceeds quota.${quotaLimit[0]} "${quotaLimit[1]}"; a single container's default must fit in the namespace quota`,
            );
        }
    }

    for (const [role, groups] of Object.entries(args.groups ?? {})) {
        if (!(TEAM_ROLES as readonly string[]).includes(role)) fail(c, `groups.${role} is not a role; use one of ${TEAM_ROLES.join(", ")}`);
        for (const g of groups ?? []) {
            const e = groupNameError(`groups.${role}`, g);
            if (e) fail(c, e);
        }
    }
}
