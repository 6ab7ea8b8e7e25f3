import type * as k8s from "@pulumi/kubernetes";
import { asArray, asBoolean, asRecord, asString, readPath, readerFor } from "../../lib";
import type { CheckContext, Data } from "../../lib";
import type { PodCheck } from "../shared/podPolicy";
import { checkInherited, podSpecPolicy } from "../shared/podPolicy";
import {
    ContainerView,
    Located,
    containerSecurityField,
    describeContainer,
    podSecurityField,
    sharedSecurityField,
} from "../shared/kubernetes";
import { PINNED_PSS_VERSION, safeSysctls } from "../shared/pss";

/** SELinux types Pod Security `baseline` accepts (an unset or empty type is accepted too). */
export const ALLOWED_SELINUX_TYPES: readonly string[] = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

const sysctlRead = readerFor<k8s.types.input.core.v1.Sysctl>();

/** AppArmor profile types accepted in securityContext.appArmorProfile. */
export const ALLOWED_APPARMOR_TYPES: readonly string[] = ["RuntimeDefault", "Localhost"];

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** An AppArmor annotation value Pod Security `baseline` accepts. */
export function allowedAppArmorAnnotation(value: string): boolean {
    return value === "runtime/default" || value.startsWith("localhost/");
}

/** One seLinuxOptions block (pod or container level): type from the allowed list, no user or role. */
function checkSeLinux(where: string, options: Located, ctx: CheckContext): void {
    if (ctx.isUnknown(options.value, options.path)) {
        return;
    }
    const record = asRecord(options.value);
    if (record === undefined) {
        return;
    }
    const type = record.type;
    if (!ctx.isUnknown(type, `${options.path}.type`)) {
        const t = asString(type) ?? "";
        if (t !== "" && !ALLOWED_SELINUX_TYPES.includes(t)) {
            ctx.violation(
                `${where} sets seLinuxOptions.type: ${JSON.stringify(t)} (allowed: ${ALLOWED_SELINUX_TYPES.join(", ")}, or none)`,
            );
        }
    }
    for (const field of ["user", "role"]) {
        const v = record[field];
        if (!ctx.isUnknown(v, `${options.path}.${field}`) && (asString(v) ?? "") !== "") {
            ctx.violation(`${where} sets seLinuxOptions.${field}: ${JSON.stringify(v)} (must be unset)`);
        }
    }
}

function checkHostProcess(where: string, value: Located, ctx: CheckContext): void {
    if (!ctx.isUnknown(value.value, value.path) && asBoolean(value.value) === true) {
        ctx.violation(`${where} sets windowsOptions.hostProcess: true (a Windows host process has the node's privileges)`);
    }
}

function checkContainer(input: PodCheck, c: ContainerView, ctx: CheckContext): void {
    const where = `${input.subject}: ${describeContainer(c)}`;
    checkSeLinux(where, containerSecurityField(c, "seLinuxOptions"), ctx);
    checkHostProcess(where, containerSecurityField(c, "windowsOptions", "hostProcess"), ctx);
    const procMount = containerSecurityField(c, "procMount");
    if (!ctx.isUnknown(procMount.value, procMount.path)) {
        const p = asString(procMount.value);
        if (p !== undefined && p !== "Default") {
            ctx.violation(`${where} sets procMount: ${JSON.stringify(p)} (only Default masks /proc)`);
        }
    }
}

/** The pod template's metadata (beside its spec), where AppArmor annotations live. */
function podAnnotations(input: PodCheck): Located {
    // Checked per workload kind in shared/kubernetes.ts (pod metadata or template metadata).
    return { value: readPath(input.resource.props, input.pod.annotations), path: input.pod.annotations.join(".") };
}

function checkAppArmorAnnotations(input: PodCheck, ctx: CheckContext): void {
    const annotations = podAnnotations(input);
    if (ctx.isUnknown(annotations.value, annotations.path)) {
        return;
    }
    const record = asRecord(annotations.value) ?? {};
    for (const [key, value] of Object.entries(record)) {
        if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
            continue;
        }
        if (ctx.isUnknown(value, `${annotations.path}.${key}`)) {
            continue;
        }
        const v = asString(value) ?? "";
        if (!allowedAppArmorAnnotation(v)) {
            ctx.violation(`${input.subject}: annotation ${key} is ${JSON.stringify(v)} (allowed: runtime/default or localhost/<profile>)`);
        }
    }
}

function checkSysctls(input: PodCheck, ctx: CheckContext): void {
    const version = asString(ctx.config.podSecurityVersion) ?? PINNED_PSS_VERSION;
    const safe = safeSysctls(version);
    const sysctls = podSecurityField(input.pod, "sysctls");
    if (ctx.isUnknown(sysctls.value, sysctls.path)) {
        return;
    }
    asArray(sysctls.value).forEach((item: Data, i: number) => {
        const name = sysctlRead(item, "name");
        if (ctx.isUnknown(name, `${sysctls.path}.${i}.name`)) {
            return;
        }
        const n = asString(name) ?? "";
        if (!safe.includes(n)) {
            ctx.violation(
                `${input.subject}: the pod securityContext (${sysctls.path}.${i}) sets the sysctl ${JSON.stringify(n)}, which is not in the safe set of Pod Security ${version}`,
            );
        }
    });
}

/**
 * CTR-3, the Pod Security `baseline` options the other pod policies do not cover: SELinux,
 * AppArmor (field and annotation), sysctls, /proc mount and Windows host processes.
 */
export const k8sPodSecurityOptions = podSpecPolicy({
    name: "k8s-pod-security-options",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description:
        "Pods of every workload kind must not loosen the kernel's confinement: SELinux type only container_t (or init/kvm/engine) with no user or role, AppArmor RuntimeDefault or Localhost, only safe sysctls, procMount Default, no Windows host process.",
    references: [
        { framework: "PSS", id: "baseline: SELinux" },
        { framework: "PSS", id: "baseline: AppArmor" },
        { framework: "PSS", id: "baseline: Sysctls" },
        { framework: "PSS", id: "baseline: /proc Mount Type" },
        { framework: "PSS", id: "baseline: HostProcess" },
    ],
    remediation:
        "remove seLinuxOptions.user/role and custom SELinux types, set appArmorProfile to RuntimeDefault (or a Localhost profile), keep only the safe sysctls, leave procMount unset and windowsOptions.hostProcess false",
    config: {
        podSecurityVersion: {
            type: "string",
            default: PINNED_PSS_VERSION,
            description:
                'Pod Security Standards version whose safe sysctls apply ("v1.<minor>" or "latest"): the version the namespaces pin. An unreadable value gets the oldest list.',
        },
    },
    check: (input, ctx) => {
        const podWhere = `${input.subject}: the pod securityContext (${input.pod.path}.securityContext)`;
        checkSeLinux(podWhere, podSecurityField(input.pod, "seLinuxOptions"), ctx);
        checkHostProcess(podWhere, podSecurityField(input.pod, "windowsOptions", "hostProcess"), ctx);
        checkSysctls(input, ctx);
        checkAppArmorAnnotations(input, ctx);
        for (const c of input.containers()) {
            checkContainer(input, c, ctx);
        }
        checkInherited(input, ctx, {
            field: sharedSecurityField("appArmorProfile", "type"),
            ok: (v) => ALLOWED_APPARMOR_TYPES.includes(asString(v) ?? ""),
            bad: (v) => `sets appArmorProfile.type: ${JSON.stringify(v)} (allowed: ${ALLOWED_APPARMOR_TYPES.join(", ")})`,
        });
    },
});
