/**
 * PACK-4: exemptions by tag/annotation, for every policy: a valid one turns the
 * violation into an advisory note naming the reason; an expired, reasonless or
 * malformed one is itself a violation and the check still runs.
 */
import { strict as assert } from "assert";
import { defaultEnforcementLevel, findExemption, parseExemptionValue } from "../../policy-pack/lib";
import { CASES } from "./cases";
import { Case, applyStackVariant, withField } from "./case";
import { Diagnostic, UNKNOWN, analyze, analyzeStack, of } from "./runtime";

function isoDay(offsetDays: number): string {
    return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Puts an exemption where the framework reads it: Kubernetes annotations, AWS tags. */
function withExemption(type: string, props: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
    if (!type.startsWith("kubernetes:")) return { ...props, tags: { [key]: value } };
    const metadata = (props.metadata ?? {}) as Record<string, unknown>;
    return { ...props, metadata: { ...metadata, annotations: { [key]: value } } };
}

/** The first violation of a case, with `tagValue` under the policy's exemption key. */
async function violatingWithTag(c: Case, tagValue: unknown, policyConfig: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    const key = `secure-baseline.io/exempt-${c.policy.meta.name}`;
    const v = c.violations[0];
    if (c.kind === "resource") {
        const props = withExemption(c.type, withField(c.compliant, v.path, v.value), key, tagValue);
        return of(
            await analyze([c.policy], { type: c.type, name: c.name, props }, { [c.policy.meta.name]: policyConfig }),
            c.policy.meta.name,
        );
    }
    const resources = applyStackVariant(c.compliant, c.violations[0]).map((r) =>
        r.name === c.subject ? { ...r, props: withExemption(r.type, r.props, key, tagValue) } : r,
    );
    return of(await analyzeStack([c.policy], resources, { [c.policy.meta.name]: policyConfig }), c.policy.meta.name);
}

// One case per policy is enough: the gate is the framework's, shared by all.
const seen = new Set<string>();
const ONE_PER_POLICY = CASES.filter((c) => !seen.has(c.policy.meta.name) && seen.add(c.policy.meta.name));

describe("PACK-4 exemptions", () => {
    for (const c of ONE_PER_POLICY) {
        const { control, name } = c.policy.meta;
        const level = defaultEnforcementLevel(c.policy.meta.severity);
        it(`${control} ${name}: a valid exemption gives only an advisory note naming the reason`, async () => {
            // PACK-10: critical policies honour the tag only with an approval in the pack config.
            const resource = c.kind === "resource" ? c.name : c.subject;
            const approval = {
                approvedExemptions: [{ resource, reason: "vendor appliance", approver: "security@example.com", expires: isoDay(30) }],
            };
            const ds = await violatingWithTag(
                c,
                `vendor appliance needs it; expires=${isoDay(30)}`,
                c.policy.meta.severity === "critical" ? approval : {},
            );
            assert.equal(ds.length, 1, ds.map((d) => d.message).join("\n"));
            assert.equal(ds[0].enforcementLevel, "advisory");
            assert.match(
                ds[0].message,
                new RegExp(
                    `\\[${control}\\] \\[note\\] .*exempted by secure-baseline\\.io/exempt-${name} until ${isoDay(30)}: "vendor appliance needs it"`,
                ),
            );
        });
        it(`${control} ${name}: an expired exemption is a ${level} violation and the check still runs`, async () => {
            const ds = await violatingWithTag(c, `old reason; expires=${isoDay(-1)}`);
            assert.ok(ds.some((d) => d.enforcementLevel === level && /exemption .* is not valid: it expired on/.test(d.message)));
            assert.ok(
                ds.some((d) => c.violations[0].match!.test(d.message)),
                "the underlying violation must still be reported",
            );
        });
        it(`${control} ${name}: a reasonless exemption is a violation`, async () => {
            const ds = await violatingWithTag(c, `; expires=${isoDay(30)}`);
            assert.ok(ds.some((d) => d.enforcementLevel === level && /gives no reason/.test(d.message)));
        });
    }

    it("a malformed exemption (no expiry) is a violation", async () => {
        const c = ONE_PER_POLICY[0];
        const ds = await violatingWithTag(c, "because");
        assert.ok(ds.some((d) => /needs exactly one "expires=YYYY-MM-DD"/.test(d.message)));
    });

    it("an exemption value unknown at preview is not honoured (note + check runs)", async () => {
        const c = ONE_PER_POLICY[0];
        const ds = await violatingWithTag(c, UNKNOWN);
        assert.ok(ds.some((d) => d.enforcementLevel === "advisory" && /unknown at preview and is not honoured/.test(d.message)));
        assert.ok(ds.some((d) => d.enforcementLevel === "mandatory" && c.violations[0].match!.test(d.message)));
    });

    it("an exemption on a compliant resource that has expired is still a violation", async () => {
        const c = CASES.find((x) => x.policy.meta.name === "ec2-subnet-no-public-ip-mapping")!;
        if (c.kind !== "resource") throw new Error("resource case expected");
        const props = withField(c.compliant, "tags", {
            "secure-baseline.io/exempt-ec2-subnet-no-public-ip-mapping": `x; expires=${isoDay(-10)}`,
        });
        const ds = of(await analyze([c.policy], { type: c.type, name: c.name, props }), c.policy.meta.name);
        assert.equal(ds.length, 1);
        assert.match(ds[0].message, /\[NET-1\] the exemption .* is not valid: it expired on/);
    });

    it("an exemption for another policy does not exempt this one", async () => {
        const c = CASES.find((x) => x.policy.meta.name === "ec2-subnet-no-public-ip-mapping")!;
        if (c.kind !== "resource") throw new Error("resource case expected");
        const props = withField(withField(c.compliant, "mapPublicIpOnLaunch", true), "tags", {
            "secure-baseline.io/exempt-other-policy": `x; expires=${isoDay(10)}`,
        });
        const ds = of(await analyze([c.policy], { type: c.type, name: c.name, props }), c.policy.meta.name);
        assert.equal(ds.length, 1);
        assert.equal(ds[0].enforcementLevel, "mandatory");
    });

    describe("parseExemptionValue", () => {
        const key = "secure-baseline.io/exempt-x";
        it("is valid through its expiry day (inclusive)", () => {
            assert.deepEqual(parseExemptionValue(key, "reason; expires=2026-05-01", "2026-05-01"), {
                state: "valid",
                key,
                reason: "reason",
                expires: "2026-05-01",
            });
            assert.equal(parseExemptionValue(key, "reason; expires=2026-05-01", "2026-05-02").state, "invalid");
        });
        it("rejects impossible dates, reasonless values and non-strings", () => {
            assert.match(JSON.stringify(parseExemptionValue(key, "r; expires=2026-02-30", "2026-01-01")), /not a real calendar date/);
            assert.match(JSON.stringify(parseExemptionValue(key, "expires=2027-01-01", "2026-01-01")), /no reason/);
            assert.match(JSON.stringify(parseExemptionValue(key, "r; expires=tomorrow", "2026-01-01")), /is not \\"expires=YYYY-MM-DD\\"/);
            assert.match(JSON.stringify(parseExemptionValue(key, 42, "2026-01-01")), /must be a string/);
        });
        it("reads Kubernetes exemptions from metadata.annotations", () => {
            const props = { metadata: { annotations: { [key.replace(/x$/, "k8s-policy")]: "legacy; expires=2026-03-01" } } };
            assert.equal(findExemption("k8s-policy", "kubernetes:apps/v1:Deployment", props, "2026-01-01").state, "valid");
            assert.equal(findExemption("k8s-policy", "aws:ec2/subnet:Subnet", props, "2026-01-01").state, "none");
        });
    });
});
