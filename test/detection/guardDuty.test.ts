import { strict as assert } from "assert";
import { ThreatDetection, planGuardDutyFeatures } from "../../components";
import { validateAlertSeverity } from "../../components/detection/guardDutyPlan";
import { NAME, runDetection, runExpectingError } from "./fixture";

describe("ThreatDetection: GuardDuty (DET-1)", () => {
    it("DET-1: the detector is enabled, publishes every 15 minutes and is protected", async () => {
        const run = await runDetection();
        const d = run.one("aws:guardduty/detector:Detector");
        assert.equal(d.inputs.enable, true);
        assert.equal(d.inputs.findingPublishingFrequency, "FIFTEEN_MINUTES");
        assert.equal(d.inputs.datasources, undefined, "no deprecated datasources block");
        assert.equal(d.protect, true);
        assert.equal(d.parentType, "secure-baseline:detection:ThreatDetection");
    });

    it("DET-1: EKS audit logs, runtime monitoring with EKS add-on management, S3 data events and EBS malware protection are on", async () => {
        const run = await runDetection();
        const features = run.ofType("aws:guardduty/detectorFeature:DetectorFeature");
        const byName = new Map(features.map((f) => [f.inputs.name as string, f]));
        assert.deepEqual([...byName.keys()].sort(), ["EBS_MALWARE_PROTECTION", "EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS"]);
        for (const f of features) {
            assert.equal(f.inputs.status, "ENABLED");
            assert.equal(f.inputs.detectorId, `${NAME}-guardduty-id`, "linked to the detector by property");
        }
        assert.deepEqual(byName.get("RUNTIME_MONITORING")!.inputs.additionalConfigurations, [
            { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
            { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
        ]);
        assert.equal(byName.has("EKS_RUNTIME_MONITORING"), false);
    });

    it("DET-1: publishing frequency and ECS/EC2 agent management follow the arguments", async () => {
        const run = await runDetection({ findingPublishingFrequency: "ONE_HOUR", runtimeAgentManagement: { ecsFargate: true, ec2: true } });
        assert.equal(run.one("aws:guardduty/detector:Detector").inputs.findingPublishingFrequency, "ONE_HOUR");
        const rt = run.one("aws:guardduty/detectorFeature:DetectorFeature", "runtime-monitoring");
        assert.deepEqual(
            (rt.inputs.additionalConfigurations as Array<{ status: string }>).map((c) => c.status),
            ["ENABLED", "ENABLED", "ENABLED"],
        );
    });

    it("DET-1: the pure plan keeps catalogue order, drops duplicates, and gives EKS_RUNTIME_MONITORING its add-on setting", () => {
        const plan = planGuardDutyFeatures(["S3_DATA_EVENTS", "EKS_RUNTIME_MONITORING", "S3_DATA_EVENTS"]);
        assert.deepEqual(
            plan.map((p) => p.name),
            ["S3_DATA_EVENTS", "EKS_RUNTIME_MONITORING"],
        );
        assert.deepEqual(plan[1].additionalConfigurations, [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]);
        assert.deepEqual(plan[0].additionalConfigurations, []);
    });

    describe("bad input", () => {
        it("DET-1: refuses both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING", () => {
            assert.throws(
                () => planGuardDutyFeatures(["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"]),
                /lists both "EKS_RUNTIME_MONITORING" and "RUNTIME_MONITORING"; GuardDuty refuses both at once/,
            );
        });
        it("DET-1: refuses an unknown feature name, listing the allowed ones", () => {
            assert.throws(
                () => planGuardDutyFeatures(["MALWARE_EVERYWHERE"]),
                /guardDutyFeatures\[0\] "MALWARE_EVERYWHERE" is not a GuardDuty feature; use one of S3_DATA_EVENTS, EKS_AUDIT_LOGS/,
            );
        });
        it("DET-1: refuses an unknown publishing frequency", async () => {
            const r = await runExpectingError(() => new ThreatDetection("x", { findingPublishingFrequency: "HOURLY" as "ONE_HOUR" }));
            assert.match(r.message, /findingPublishingFrequency "HOURLY" is not allowed; use one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS/);
            assert.equal(r.registered, 0);
        });
        it("DET-6: refuses a severity threshold outside 1–8.9", () => {
            assert.throws(
                () => validateAlertSeverity(0.5),
                /alertSeverityThreshold 0.5 is not a GuardDuty severity; use a number from 1 to 8.9/,
            );
            assert.throws(() => validateAlertSeverity(9), /alertSeverityThreshold 9 is not a GuardDuty severity/);
            assert.throws(() => validateAlertSeverity(Number.NaN), /alertSeverityThreshold NaN/);
            assert.doesNotThrow(() => validateAlertSeverity(8.9));
            assert.doesNotThrow(() => validateAlertSeverity(1));
        });
        it("DET-1: an unknown feature in the component's args registers nothing", async () => {
            const r = await runExpectingError(() => new ThreatDetection("x", { guardDutyFeatures: ["NOPE" as "S3_DATA_EVENTS"] }));
            assert.match(r.message, /guardDutyFeatures\[0\] "NOPE" is not a GuardDuty feature/);
            assert.equal(r.registered, 0);
        });
        it("DET-6: a severity of 10 in the component's args registers nothing", async () => {
            const r = await runExpectingError(() => new ThreatDetection("x", { alertSeverityThreshold: 10 }));
            assert.match(r.message, /alertSeverityThreshold 10 is not a GuardDuty severity/);
            assert.equal(r.registered, 0);
        });
    });
});
