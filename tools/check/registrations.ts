/**
 * What the program host makes of each registration the SDK sends to the (mock) resource
 * monitor: the record the check analyses (the request the engine would get, with the state
 * the canned cloud answers), and the children of a remote component that can be built here.
 */
import { fileURLToPath } from "url";
import type { SchemaIndex } from "./computed";
import { durationSeconds } from "./engine";
import type { ProgramJob, ResourceRecord } from "./records";
import { expandYamlV2, INPUTS_JUDGED_NOTE, REMOTE_COMPONENTS, RemoteOutcome } from "./remote";
import type { RegisterRequest, RegisterResponse } from "./sdkInternals";
import { toAnalyzerMap } from "./wire";

/** The record of one completed registration: the request as the engine would get it, the answer as the analyzer sees it. */
export function record(req: RegisterRequest, resp: RegisterResponse): ResourceRecord {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
    });
    const t = req.getCustomtimeouts();
    const aliases = [
        ...req.getAliasurnsList(),
        ...req
            .getAliasesList()
            .map((a) => a.getUrn())
            .filter((u) => u !== ""),
    ];
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent(),
        inputs: toAnalyzerMap(req.getObject()?.toJavaScript() ?? {}),
        outputs: toAnalyzerMap(resp.getObject()?.toJavaScript() ?? {}),
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        provider: req.getProvider(),
        version: req.getVersion(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases,
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        customTimeouts: {
            create: t ? durationSeconds(t.getCreate()) : 0,
            update: t ? durationSeconds(t.getUpdate()) : 0,
            delete: t ? durationSeconds(t.getDelete()) : 0,
        },
        source: sourceOf(req),
    };
}

/** The program's line that constructed the resource, as the SDK sent it to the monitor (see userCallsite). */
function sourceOf(req: RegisterRequest): ResourceRecord["source"] {
    const pos = req.getSourceposition?.();
    if (!pos || !pos.getUri().startsWith("file:")) return undefined;
    return { file: fileURLToPath(pos.getUri()), line: pos.getLine(), column: pos.getColumn() };
}

/** The children of a remote component built here, or none (its outcome says why). */
export function remoteChildren(
    r: ResourceRecord,
    req: RegisterRequest,
    job: ProgramJob,
    preview: boolean,
    schemas: SchemaIndex,
    remote: RemoteOutcome[],
): ResourceRecord[] {
    const how = REMOTE_COMPONENTS[r.type];
    if (how === "inputs-judged") {
        remote.push({ urn: r.urn, type: r.type, handled: "inputs-judged", note: INPUTS_JUDGED_NOTE });
        return [];
    }
    if (how !== "expand") {
        remote.push({
            urn: r.urn,
            type: r.type,
            handled: "not-analysed",
            reason: "its provider builds its children at deployment; the offline check cannot expand this type",
        });
        return [];
    }
    let provider = "";
    req.getProvidersMap().forEach((v, k) => {
        if (k === "kubernetes") provider = v;
    });
    if (provider === "") provider = req.getProvider();
    const out = expandYamlV2(r, {
        projectDir: job.projectDir,
        project: job.project,
        stack: job.stack,
        preview,
        schema: (t) => schemas.get(t),
        provider,
    });
    if (!Array.isArray(out)) {
        remote.push({ urn: r.urn, type: r.type, handled: "not-analysed", reason: out.reason });
        return [];
    }
    remote.push({ urn: r.urn, type: r.type, handled: "expanded", children: out.length });
    return out;
}
