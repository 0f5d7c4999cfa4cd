import { Command, CommanderError } from "commander";
import { isLmdiffError } from "../core/LmdiffError.js";
import { VERSION } from "../version.js";
import { analyzeCommand } from "./analyzeCommand.js";
import { compareCommand } from "./compareCommand.js";
import { exportCommand } from "./exportCommand.js";
import { gapsCommand } from "./gapsCommand.js";
import { jupyterCommand } from "./jupyterCommand.js";
import { listCommands } from "./listCommands.js";
import { mergeCommand } from "./mergeCommand.js";
import { preprocessCommand } from "./preprocessCommand.js";
import { serveCommand } from "./serveCommand.js";
import { statsCommand } from "./statsCommand.js";
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
  mergeCommand(p);
  compareCommand(p);
  textCommand(p);
  exportCommand(p);
  listCommands(p);
  serveCommand(p);
  statsCommand(p);
  gapsCommand(p);
  jupyterCommand(p);
  return p;
}

/**
 * Run the CLI.  Every error ends with a non-zero exit and one line on
 * stderr: the user-facing message for lmdiff's own errors, and the first
 * line of anything unexpected (with LMDIFF_DEBUG=1 for the stack).
 */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
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

/**
 * Exit with `code` once everything written to stdout and stderr has left
 * the process.  Writes to a pipe are asynchronous in Node, and
 * process.exit() drops whatever is still queued: `lmdiff text … --json |
 * jq` used to receive only the first 64 KB.  A write callback runs after
 * every earlier write on the same stream is flushed.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let waiting = 2;
  for (const stream of [process.stdout, process.stderr]) {
    let flushed = false;
    const done = () => {
      if (flushed) return;
      flushed = true;
      if (--waiting === 0) process.exit(code);
    };
    // A reader that went away (`| head`) is no reason to fail or to wait.
    stream.on("error", done);
    if (stream.destroyed || !stream.writable) done();
    else stream.write("", done);
  }
}

/**
 * A reader that closes the pipe early (`lmdiff text … --json | head`) makes
 * the next write fail with EPIPE; like other command-line tools, lmdiff
 * then stops quietly instead of printing a stack trace.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") > 0) continue;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
