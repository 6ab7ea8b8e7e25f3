import { strict as assert } from "assert";
import { CelError, evalCel } from "./support/miniCel";

describe("K8S-6 (test tool): the CEL-subset interpreter keeps CEL's semantics where the policies rely on them", () => {
    it("selecting a missing field is an error, not null; has() tests presence", () => {
        assert.throws(() => evalCel("o.missing", { o: {} }), CelError);
        assert.equal(evalCel("has(o.missing)", { o: {} }), false);
        assert.equal(evalCel("has(o.x) && o.x == 1", { o: { x: 1 } }), true);
    });
    it("|| and && absorb an error when the other side decides, and propagate it otherwise", () => {
        assert.equal(evalCel("o.missing || true", { o: {} }), true);
        assert.equal(evalCel("o.missing && false", { o: {} }), false);
        assert.throws(() => evalCel("o.missing || false", { o: {} }), CelError);
    });
    it("all() and exists() over lists, list concatenation, in over maps, string functions", () => {
        assert.equal(evalCel("([1] + [2]).all(x, x == 1 || x == 2)", {}), true);
        assert.equal(evalCel("['a', 'b'].exists(r, 'b/c'.startsWith(r + '/'))", {}), true);
        assert.equal(evalCel("'cpu' in m && !('memory' in m)", { m: { cpu: "1" } }), true);
        assert.equal(evalCel("'x:latest'.endsWith(':latest') && 'abc'.matches('^a.c$')", {}), true);
        assert.equal(evalCel("[].all(x, false)", {}), true);
    });
    it("unknown functions fail loudly instead of passing", () => {
        assert.throws(() => evalCel("size([1])", {}), /not modelled/);
        assert.throws(() => evalCel("'a'.lowerAscii()", {}), /not modelled/);
    });
});
