#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI lives in lib/cjs/cli/main.js (built by `npm run build`).
const { main, exitWhenFlushed } = require("../lib/cjs/cli/main.js");
main(process.argv).then(exitWhenFlushed);
