import * as path from "node:path";
import type { Command } from "commander";
import { DEFAULT_MAX_CLAMP_RANK, DEFAULT_TOP_K } from "../core/options.js";
import { loadDataset } from "../engine/Dataset.js";
import { loadModel, Model } from "../engine/Model.js";
import { preprocessProject } from "../engine/preprocessProject.js";
import { lockWaitNote } from "./lockWaitNote.js";
import { intOption } from "./intOption.js";
import { interruptSignal } from "./interruptSignal.js";
import { analysisProgress } from "./progressBar.js";
import { DTYPE_PAIR_HELP, isQuiet, MAX_MEMORY_HELP, modelLoadOptions, remoteOptions, type RemoteCliOptions } from "./globalOptions.js";

/** The options of `lmdiff preprocess all`, as commander gives them. */
interface PreprocessCliOptions extends RemoteCliOptions {
  outputDir: string;
  topK: string;
  maxClampRank: string;
  workers?: string;
  field?: string;
  column?: string;
  force?: boolean;
  dtype?: string;
  maxMemory?: string;
}

/**
 * `lmdiff preprocess all M1 M2 DATASET --output-dir OUT`, as in the LMdiff
 * paper: both caches, the comparison in both orders, and OUT/lmdiff.json.
 */
export function preprocessCommand(program: Command): void {
  const pre = program.command("preprocess").description("prepare caches and comparisons for lmdiff serve");
  remoteOptions(pre.command("all"))
    .description("analyse DATASET with both models and compare them in both orders")
    .argument("<m1>", "model 1: bundled name, folder, hub id or URL#NAME (a vLLM or other OpenAI-compatible server)")
    .argument("<m2>", "model 2")
    .argument("<dataset>", "bundled dataset name or file")
    .requiredOption("--output-dir <dir>", "folder for caches, comparisons and lmdiff.json")
    .option("--top-k <k>", "size of the recorded top-k lists", String(DEFAULT_TOP_K))
    .option("--max-clamp-rank <n>", "cap of clamped_rank_diff", String(DEFAULT_MAX_CLAMP_RANK))
    .option(
      "--workers <n>",
      "scoring worker threads, each with a copy of the model (default: one per core, at most 8; 0: main thread only)",
    )
    .option("--field <name>", "JSON Lines field holding the text")
    .option("--column <name>", "CSV column holding the text")
    .option("--force", "recompute caches made with other settings")
    .option("--dtype <dtype>", DTYPE_PAIR_HELP)
    .option("--max-memory <size>", MAX_MEMORY_HELP)
    .action(async (s1: string, s2: string, dspec: string, o: PreprocessCliOptions) => {
      const signal = interruptSignal();
      const quiet = isQuiet(program);
      const out = path.resolve(o.outputDir);
      const topK = intOption("--top-k", o.topK, 1);
      const C = intOption("--max-clamp-rank", o.maxClampRank, 1);
      const dataset = loadDataset(dspec, { field: o.field, column: o.column });
      const workers = o.workers === undefined ? undefined : intOption("--workers", o.workers, 0, 256);
      const [load1, load2] = modelLoadOptions(program, o, 2);
      const m1 = await loadModel(s1, { workers, ...load1 });
      let m2: Model | undefined;
      try {
        m2 = await loadModel(s2, { workers, ...load2 });
        await preprocessProject(m1, m2, dataset, out, {
          topK,
          maxClampRank: C,
          force: o.force,
          signal,
          onWait: lockWaitNote(quiet),
          progress: (label) => analysisProgress(label, quiet),
        });
        if (!quiet)
          process.stderr.write(`lmdiff: wrote ${path.join(out, "lmdiff.json")}; serve it with: lmdiff serve --config ${o.outputDir}\n`);
        process.stdout.write(`${out}\n`);
      } finally {
        await m1.dispose();
        await m2?.dispose();
      }
    });
}
