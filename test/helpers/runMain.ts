/**
 * Code for `node --import tsx -e`: the CLI's own main() from the sources
 * (as bin/lmdiff.js runs it from lib/), with its exit code, so that CLI
 * tests need no build.  Run with the repository root as the working folder.
 */
export const RUN_MAIN =
  'require("./src/cli/main.ts").main([process.execPath, "lmdiff", ...process.argv.slice(1)]).then((c) => { process.exitCode = c; })';
