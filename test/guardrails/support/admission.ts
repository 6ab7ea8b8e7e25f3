/**
 * Simulates how the API server applies a ValidatingAdmissionPolicy and its binding to one request:
 * resource rules, namespace selectors (policy and binding), match conditions, lazily evaluated variables,
 * validations with failurePolicy Fail (an evaluation error counts as a violation). CEL runs on miniCel.
 */
import { ValidatingAdmissionPolicyBindingManifest, ValidatingAdmissionPolicyManifest } from "../../../components/guardrails/manifests";
import { evalCel } from "./miniCel";
import { selectorMatches } from "./netpolEval";

export interface AdmissionRequest {
    readonly operation: "CREATE" | "UPDATE";
    readonly apiGroup: string;
    /** Plural resource, with subresource if any, e.g. "deployments" or "pods/ephemeralcontainers". */
    readonly resource: string;
    readonly namespace: string;
    readonly object: Record<string, unknown>;
    readonly oldObject?: Record<string, unknown>;
}

export interface AdmissionResult {
    readonly matched: boolean;
    /** Messages of failed validations (false or error). */
    readonly violations: string[];
    readonly actions: string[];
}

export function admit(policy: ValidatingAdmissionPolicyManifest, binding: ValidatingAdmissionPolicyBindingManifest, req: AdmissionRequest): AdmissionResult {
    const spec = policy.spec!;
    const nsLabels = { "kubernetes.io/metadata.name": req.namespace };
    const none: AdmissionResult = { matched: false, violations: [], actions: [] };
    const rules = spec.matchConstraints?.resourceRules ?? [];
    const ruleMatch = rules.some((r) => (r.apiGroups ?? []).includes(req.apiGroup) && (r.resources ?? []).includes(req.resource) && (r.operations ?? []).includes(req.operation));
    if (!ruleMatch) return none;
    if (!selectorMatches(spec.matchConstraints?.namespaceSelector, nsLabels)) return none;
    if (!selectorMatches(binding.spec?.matchResources?.namespaceSelector, nsLabels)) return none;
    if (binding.spec?.policyName !== policy.metadata?.name) return none;

    const env: Record<string, unknown> = { object: req.object, oldObject: req.oldObject ?? null, request: { operation: req.operation } };
    for (const c of spec.matchConditions ?? []) {
        if (evalCel(c.expression, env) !== true) return none;
    }
    const variables: Record<string, unknown> = {};
    for (const v of spec.variables ?? []) {
        let cached: { value?: unknown; error?: unknown } | undefined;
        Object.defineProperty(variables, v.name, {
            enumerable: true,
            get() {
                cached ??= (() => { try { return { value: evalCel(v.expression, { ...env, variables }) }; } catch (error) { return { error }; } })();
                if ("error" in cached) throw cached.error;
                return cached.value;
            },
        });
    }
    const violations: string[] = [];
    for (const val of spec.validations ?? []) {
        let ok: boolean;
        try { ok = evalCel(val.expression, { ...env, variables }) === true; } catch { ok = spec.failurePolicy !== "Fail"; }
        if (!ok) violations.push(val.message ?? val.expression);
    }
    return { matched: true, violations, actions: binding.spec?.validationActions ?? [] };
}
