// ts-node for this repository's own TypeScript when it runs without a build: mocha's workers,
// the processes the tests start, and the offline check's program host in development. It is
// ts-node's transpile-only register (`-r ts-node/register/transpile-only`, same options), with its
// transpile step served from the offline check's disk cache (tools/check/tsCache.ts: keyed by the
// TypeScript and ts-node versions, the resolved options, the file's path and its content), so that
// each file is transpiled once rather than once in every process that loads it. Stack traces stay
// mapped to the TypeScript source.
"use strict";
const path = require("path");

const tsNode = require("ts-node");
const service = tsNode.register({ transpileOnly: true });
// Loaded through the service just registered (it is TypeScript), before its compile step is cached.
const { cacheCompile, cacheDir } = require("./check/tsCache");

const tsNodeDir = path.dirname(require.resolve("ts-node/package.json"));
const { served, stats } = cacheCompile(
    service,
    cacheDir(path.resolve(__dirname, "..")),
    require(path.join(tsNodeDir, "package.json")).version,
);
// ts-node maps positions with the output it compiled itself; the cache's hits are mapped from here.
require(require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] })).install({
    retrieveFile: (file) => served(file) ?? null,
});

// The service, its compile step cached (test/support/ts-warm.cjs fills the cache through it).
module.exports = { service, stats };
