/** The stack's edge section (CODE-3): config keys, their checks, and the web ACL the program builds. */
import { strict as assert } from "assert";
import { parseConfig } from "../../stacks/config";
import { runProgram } from "./support";
import { promiseOf } from "../support/harness";
import { stackConfig } from "./stackFiles";

const ADMIN = { adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"] };

describe("stack config: edge protection (CODE-3)", () => {
    it("is on by default with the component's rate limit and no Shield Advanced", () => {
        assert.deepEqual(parseConfig(ADMIN).edge, { enabled: true, rateLimit: 2000, shieldAdvanced: false });
    });
    it("takes the keys as Pulumi passes them (text)", () => {
        assert.deepEqual(parseConfig({ ...ADMIN, edgeProtection: "false", wafRateLimit: "500", shieldAdvanced: "true" }).edge, {
            enabled: false,
            rateLimit: 500,
            shieldAdvanced: true,
        });
    });
    for (const [what, raw, match] of [
        [
            "a rate limit under WAF's minimum",
            { wafRateLimit: 5 },
            /secure-baseline:wafRateLimit 5 is not allowed; use a whole number from 10 to 2000000000/,
        ],
        ["a fractional rate limit", { wafRateLimit: 99.5 }, /secure-baseline:wafRateLimit 99\.5 is not allowed/],
        [
            "edgeProtection that is not a boolean",
            { edgeProtection: "yes" },
            /secure-baseline:edgeProtection "yes" is not allowed; use true or false/,
        ],
    ] as const) {
        it(`rejects ${what}, naming the key`, () => {
            assert.throws(() => parseConfig({ ...ADMIN, ...raw }), match);
        });
    }
    it("CODE-3: the dev stack builds the web ACL and exports its ARN; off, it builds none", async function () {
        this.timeout(180_000);
        const on = await runProgram(stackConfig("dev"));
        assert.equal(on.ofType("aws:wafv2/webAcl:WebAcl").length, 1);
        assert.match(String(await promiseOf(on.value.webAclArn)), /^arn:aws:wafv2:/);
        const off = await runProgram({ ...stackConfig("dev"), "secure-baseline:edgeProtection": false });
        assert.equal(off.ofType("aws:wafv2/webAcl:WebAcl").length, 0);
        assert.equal(await promiseOf(off.value.webAclArn), undefined);
    });
});
