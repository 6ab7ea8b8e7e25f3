#!/usr/bin/env node
// `secure-baseline <command>` (package.json "bin"). In the installed package it runs the
// compiled command (dist/tools/check/command.js) in this process. In a clone of the
// repository (launch.js beside this file) it goes through the launcher, which first
// rebuilds a stale check or pack, as `npm run check` does.
"use strict";
const fs = require("fs");
const path = require("path");

const launcher = path.join(__dirname, "launch.js");
const argv = process.argv.slice(2);
if (fs.existsSync(launcher)) {
    require(launcher).launch("command", argv);
} else {
    const command = require(path.join(__dirname, "..", "..", "dist", "tools", "check", "command.js"));
    command.runAsProcess(() => command.runCommand(argv), argv[0] === "check" ? "offline check" : "secure-baseline");
}
