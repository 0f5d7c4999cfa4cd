import { Command, CommanderError } from "commander";
import { isLmdiffError } from "../core/LmdiffError.js";
import { VERSION } from "../version.js";
import { analyzeCommand } from "./analyzeCommand.js";
import { compareCommand } from "./compareCommand.js";
import { exportCommand } from "./exportCommand.js";
import { listCommands } from "./listCommands.js";
import { preprocessCommand } from "./preprocessCommand.js";
import { serveCommand } from "./serveCommand.js";
import { textCommand } from "./textCommand.js";

/** Build the `lmdiff` command line: one file per command, wired here. */
export function program(): Command {
  const p = new Command("lmdiff")
    .description("Compare two language models token by token (LMdiff, Strobelt et al. 2021).")
    .version(VERSION)
    .option("-q, --quiet", "no progress bars or notes on stderr")
    .showHelpAfterError("(run lmdiff --help for usage)")
    .exitOverride();
  preprocessCommand(p);
  analyzeCommand(p);
  compareCommand(p);
  textCommand(p);
  exportCommand(p);
  listCommands(p);
  serveCommand(p);
  return p;
}

/**
 * Run the CLI.  Every error ends with a non-zero exit and one line on
 * stderr: the user-facing message for lmdiff's own errors, and the first
 * line of anything unexpected (with LMDIFF_DEBUG=1 for the stack).
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (isLmdiffError(e)) {
      process.stderr.write(`${e.message}\n`);
      return e.code === "cancelled" ? 130 : 1;
    }
    const err = e as Error;
    process.stderr.write(`lmdiff: unexpected error: ${String(err?.message ?? err).split("\n")[0]} (set LMDIFF_DEBUG=1 for details)\n`);
    if (process.env.LMDIFF_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return 2;
  }
}
