import type { Command } from "commander";

/** The options of `lmdiff` itself, given before the command name. */
export interface GlobalOptions {
  quiet?: boolean;
}

/** Whether `lmdiff --quiet` was given: no progress bars or notes on stderr. */
export function isQuiet(program: Command): boolean {
  return program.opts<GlobalOptions>().quiet === true;
}
