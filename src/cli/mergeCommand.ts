import type { Command } from "commander";
import { mergeShards } from "../engine/mergeShards.js";
import { isQuiet } from "./globalOptions.js";
import { interruptSignal } from "./interruptSignal.js";
import { lockWaitNote } from "./lockWaitNote.js";

/** The options of `lmdiff merge`, as commander gives them. */
interface MergeCliOptions {
  output: string;
  force?: boolean;
}

export function mergeCommand(program: Command): void {
  program
    .command("merge")
    .description("join the shards of an analysis (lmdiff analyze --shard i/n) into one cache")
    .argument("<shards...>", "the shard files, all n of them, in any order")
    .requiredOption("-o, --output <file>", "cache file to write")
    .option("--force", "replace an existing file that is not a cache of the same analysis")
    .action(async (files: string[], o: MergeCliOptions) => {
      const quiet = isQuiet(program);
      const cache = await mergeShards(files, { output: o.output, force: o.force, signal: interruptSignal(), onWait: lockWaitNote(quiet) });
      process.stdout.write(`${cache.path}\n`);
      if (!quiet) process.stderr.write(`lmdiff: ${files.length} shards merged: ${cache.meta.nDocs} texts, ${cache.nTokens} tokens\n`);
    });
}
