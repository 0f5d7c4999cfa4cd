import * as path from "node:path";
import type { Command } from "commander";
import { DEFAULT_TOP_K } from "../core/options.js";
import { analyze } from "../engine/analyze.js";
import { cachePath } from "../engine/cachePath.js";
import { loadDataset } from "../engine/Dataset.js";
import { loadModel } from "../engine/Model.js";
import { cacheDir } from "../engine/paths.js";
import { interruptSignal } from "./interruptSignal.js";
import { analysisProgress } from "./progressBar.js";
import { lockWaitNote } from "./lockWaitNote.js";
import { intOption } from "./intOption.js";
import { DTYPE_HELP, isQuiet, MAX_MEMORY_HELP, modelLoadOptions } from "./globalOptions.js";

/** The options of `lmdiff analyze`, as commander gives them. */
interface AnalyzeCliOptions {
  output?: string;
  topK: string;
  workers?: string;
  field?: string;
  column?: string;
  force?: boolean;
  dtype?: string;
  maxMemory?: string;
}

export function analyzeCommand(program: Command): void {
  program
    .command("analyze")
    .description("record one model's predictions at every token of a dataset (an AnalysisCache)")
    .argument("<model>", "bundled model name, model folder or hub id")
    .argument("<dataset>", "bundled dataset name or file (.txt, .jsonl, .csv)")
    .option("-o, --output <file>", "cache file to write (default: in the lmdiff cache folder)")
    .option("--top-k <k>", "size of the recorded top-k lists", String(DEFAULT_TOP_K))
    .option(
      "--workers <n>",
      "scoring worker threads, each with a copy of the model (default: one per core, at most 8; 0: main thread only)",
    )
    .option("--field <name>", "JSON Lines field holding the text")
    .option("--column <name>", "CSV column holding the text")
    .option("--force", "replace an existing cache made with other settings")
    .option("--dtype <dtype>", DTYPE_HELP)
    .option("--max-memory <size>", MAX_MEMORY_HELP)
    .action(async (modelSpec: string, datasetSpec: string, o: AnalyzeCliOptions) => {
      const signal = interruptSignal();
      const quiet = isQuiet(program);
      const dataset = loadDataset(datasetSpec, { field: o.field, column: o.column });
      const workers = o.workers === undefined ? undefined : intOption("--workers", o.workers, 0, 256);
      const [load] = modelLoadOptions(program, o, 1);
      const model = await loadModel(modelSpec, { workers, ...load });
      const topK = intOption("--top-k", o.topK, 1);
      const output = o.output ?? cachePath(path.join(cacheDir(), "analysis"), model, dataset, topK);
      const bar = analysisProgress(`${model.name} on ${dataset.name}`, quiet);
      try {
        const cache = await analyze(model, dataset, {
          output,
          topK,
          force: o.force,
          signal,
          onWait: lockWaitNote(quiet),
          onProgress: bar.update,
        });
        bar.stop();
        process.stdout.write(`${cache.path}\n`);
        if (!quiet)
          process.stderr.write(
            `lmdiff: ${cache.meta.nDocs} texts, ${cache.nTokens} tokens${dataset.skipped ? `, ${dataset.skipped} blank lines skipped` : ""}\n`,
          );
      } finally {
        bar.stop();
        await model.dispose();
      }
    });
}
