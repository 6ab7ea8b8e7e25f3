import { Data, asString, resourcePolicy } from "../../lib";
import {
    CLOUDFORMATION_TYPES,
    DYNAMIC_TYPE,
    HELM_RELEASE,
    allowEntries,
    chartSource,
    findAllowed,
    findPodTemplate,
    isCustomResourceType,
    isDynamic,
} from "../shared/opaque";

const quote = (v: Data): string => (typeof v === "string" ? `"${v}"` : v === undefined ? "(not set)" : JSON.stringify(v));

/** PACK-9: what the pack cannot see inside must be allowed by name, with a reason. */
export const opaqueResourcesAllowed = resourcePolicy({
    name: "opaque-resources-allowed",
    control: "PACK-9",
    severity: "high",
    layer: "code",
    description:
        "CloudFormation stacks and stack sets, dynamic-provider resources, Helm v3 Releases and Kubernetes custom resources carrying a pod template must be allowed by type and name (Helm: repository, chart and version) in the pack config, with a reason: the pack cannot see what they create.",
    references: [],
    remediation:
        'replace it with resources the pack can judge (for Helm, the kubernetes:helm.sh/v4 Chart renders its objects in the program), or add an entry { type, name, reason } (Helm: also repository, chart, version) to "allowed" of opaque-resources-allowed in the pack config',
    config: {
        allowed: {
            type: "array",
            default: [],
            description:
                "Opaque resources allowed, each { type, name, reason } (type and name: patterns with * and ?; reason required) and, for Helm v3 Releases, repository, chart and version, compared exactly.",
            items: {
                type: "object",
                properties: {
                    type: { type: "string" },
                    name: { type: "string" },
                    reason: { type: "string", minLength: 1 },
                    repository: { type: "string" },
                    chart: { type: "string" },
                    version: { type: "string" },
                },
                required: ["type", "name", "reason"],
            },
        },
    },
    resourceTypes: [...CLOUDFORMATION_TYPES, DYNAMIC_TYPE, HELM_RELEASE],
    alsoApplies: (type) => isDynamic(type) || isCustomResourceType(type),
    check: (r, ctx) => {
        const entries = allowEntries(ctx.config.allowed);
        if (r.type === HELM_RELEASE) {
            const source = chartSource(r.props);
            const paths: Record<keyof typeof source, string> = { repository: "repositoryOpts.repo", chart: "chart", version: "version" };
            for (const key of ["repository", "chart", "version"] as const) {
                if (ctx.isUnknown(source[key], paths[key])) return;
            }
            if (findAllowed(entries, r.type, r.name, source)) return;
            const pinned = asString(source.version) !== undefined ? "" : " (pin a version: an unpinned release can never be allowed)";
            ctx.violation(
                `Helm release "${r.name}" installs chart ${quote(source.chart)} version ${quote(source.version)} from ${quote(source.repository)}, whose objects the pack cannot see, and no "allowed" entry of the pack config matches its type, name, repository, chart and version${pinned}`,
            );
            return;
        }
        if (isDynamic(r.type)) {
            if (!findAllowed(entries, r.type, r.name))
                ctx.violation(
                    `dynamic-provider resource ${r.type} "${r.name}" runs code in the program whose effect the pack cannot see, and no "allowed" entry of the pack config matches its type and name`,
                );
            return;
        }
        if (CLOUDFORMATION_TYPES.includes(r.type)) {
            if (!findAllowed(entries, r.type, r.name))
                ctx.violation(
                    `CloudFormation ${r.type.split(":").pop()} "${r.name}" creates resources from a template the pack cannot see, and no "allowed" entry of the pack config matches its type and name`,
                );
            return;
        }
        // A custom resource: opaque only when it carries a pod template (a controller will run it).
        const pod = findPodTemplate(r.props);
        if (!pod.found) {
            if (pod.unknown !== undefined && !findAllowed(entries, r.type, r.name)) ctx.isUnknown(pod.unknown, pod.unknown.path);
            return;
        }
        if (!findAllowed(entries, r.type, r.name)) {
            ctx.violation(
                `custom resource ${r.type} "${r.name}" carries a pod template at ${pod.path}, which its controller runs without the pack's pod policies, and no "allowed" entry of the pack config matches its type and name`,
                `make the workload a Deployment, StatefulSet, DaemonSet, Job or CronJob the pack judges, or add { "type": "${r.type}", "name": "${r.name}", "reason": "..." } to "allowed" of opaque-resources-allowed in the pack config`,
            );
        }
    },
});
