// The spec reporter, then one last line "N passed, N failed" (what .ci/run adds up).
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class KubeReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const s = runner.stats || this.stats;
            process.stdout.write(`${s.passes} passed, ${s.failures} failed\n`);
        });
    }
}
module.exports = KubeReporter;
