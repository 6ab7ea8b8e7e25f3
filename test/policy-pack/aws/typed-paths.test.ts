/**
 * Issue 11 item 10 for the AWS readers of issue 12: a misspelt or misplaced property path
 * fails the build. Each `@ts-expect-error` line must stay an error: if a reader stopped
 * checking its path, tsc (npm test's typecheck) would fail on the unused directive.
 */
import { strict as assert } from "assert";
import { readInstance, readLaunch } from "../../../policy-pack/policies/shared/ec2-instances";

describe("issue 12 AWS readers: property paths are checked by the compiler", () => {
    it("paths on every launch shape compile; misspelt or one-shape-only ones do not", () => {
        const props = { metadataOptions: { httpTokens: "required" }, rootBlockDevice: { kmsKeyId: "k" } };
        assert.equal(readLaunch(props, "metadataOptions", "httpTokens"), "required");
        assert.equal(readInstance(props, "rootBlockDevice", "kmsKeyId"), "k");
        // @ts-expect-error misspelt property
        readLaunch(props, "metadataOption", "httpTokens");
        // @ts-expect-error launch configurations have no kmsKeyId on their root volume
        readLaunch(props, "rootBlockDevice", "kmsKeyId");
        // @ts-expect-error an index into something that is not a list
        readInstance(props, "metadataOptions", 0);
    });
});
