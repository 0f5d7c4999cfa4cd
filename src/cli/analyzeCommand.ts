import * as path from "node:path";
import type { Command } from "commander";
import { LmdiffError } from "../core/LmdiffError.js";
import { DEFAULT_TOP_K, keyword, maybeShard } from "../core/options.js";
import { analyze } from "../engine/analyze.js";
import { cachePath } from "../engine/cachePath.js";
import { loadDataset } from "../engine/Dataset.js";
import { loadModel } from "../engine/Model.js";
import { shardDocs } from "../engine/shardMeta.js";
import { cacheDir } from "../engine/paths.js";
import { checkDatasetDir, writeParquetDataset } from "../engine/writeParquetDataset.js";
import { interruptSignal } from "./interruptSignal.js";
import { analysisProgress } from "./progressBar.js";
import { lockWaitNote } from "./lockWaitNote.js";
import { intOption } from "./intOption.js";
import { DTYPE_HELP, isQuiet, MAX_MEMORY_HELP, modelLoadOptions, remoteOptions, type RemoteCliOptions } from "./globalOptions.js";

/** The options of `lmdiff analyze`, as commander gives them. */
interface AnalyzeCliOptions extends RemoteCliOptions {
  output?: string;
  topK: string;
  workers?: string;
  field?: string;
  column?: string;
  force?: boolean;
  dtype?: string;
  maxMemory?: string;
  shard?: string;
  format?: string;
}

export function analyzeCommand(program: Command): void {
  remoteOptions(program.command("analyze"))
    .description("record one model's predictions at every token of a dataset (an AnalysisCache)")
    .argument("<model>", "bundled model name, model folder, hub id, or URL#NAME (OpenAI-compatible servers, e.g. vLLM)")
    .argument("<dataset>", "bundled dataset name or file (.txt, .jsonl, .csv)")
    .option("-o, --output <file>", "cache file to write (default: in the lmdiff cache folder); with --format parquet, the dataset folder")
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
    .option("--shard <i/n>", "score only shard i of n (counted from 0) into the file -o names; lmdiff merge joins the n shards")
    .option(
      "--format <format>",
      "arrow (one cache file) or parquet (a Hive-style dataset for DuckDB or Spark: -o DIR gets DIR/model=NAME/part-*.parquet)",
      "arrow",
    )
    .action(async (modelSpec: string, datasetSpec: string, o: AnalyzeCliOptions) => {
      const signal = interruptSignal();
      const quiet = isQuiet(program);
      // Checked before the model loads; each shard writes its own file, so it is named.
      const shard = o.shard === undefined ? undefined : maybeShard(o.shard, "--shard");
      if (shard && o.output === undefined)
        throw new LmdiffError(`--shard ${o.shard} needs -o FILE: each shard writes a file of its own`, "bad-option");
      // A Parquet dataset is converted from the Arrow cache, which stays in the cache folder; -o names the dataset's folder.
      const parquet = keyword("--format", o.format, ["arrow", "parquet"] as const) === "parquet";
      if (parquet && o.output === undefined)
        throw new LmdiffError("--format parquet needs -o DIR, the folder of the Parquet dataset", "bad-option");
      if (parquet) checkDatasetDir(o.output!);
      const dataset = loadDataset(datasetSpec, { field: o.field, column: o.column });
      const workers = o.workers === undefined ? undefined : intOption("--workers", o.workers, 0, 256);
      const [load] = modelLoadOptions(program, o, 1);
      const model = await loadModel(modelSpec, { workers, ...load });
      const topK = intOption("--top-k", o.topK, 1);
      const inCacheFolder = cachePath(path.join(cacheDir(), "analysis"), model, dataset, topK);
      // With --format parquet the Arrow file stays in the cache folder; a shard's is named after the shard there.
      const output =
        (parquet ? undefined : o.output) ??
        (shard ? inCacheFolder.replace(/\.arrow$/, `.shard-${shard.index}-of-${shard.count}.arrow`) : inCacheFolder);
      const bar = analysisProgress(`${model.name} on ${dataset.name}`, quiet);
      try {
        const common = { output, topK, force: o.force, signal, onWait: lockWaitNote(quiet), onProgress: bar.update };
        if (shard) {
          const part = await analyze(model, dataset, { ...common, shard });
          bar.stop();
          // The shard's rows as the Parquet file part-<i>-of-<n>.parquet beside the other shards' (see writeParquetDataset).
          const partWritten = parquet ? await writeParquetDataset(part, o.output!, { signal }) : null;
          process.stdout.write(`${partWritten ? partWritten.files[0] : part.path}\n`);
          if (!quiet)
            process.stderr.write(
              `lmdiff: shard ${shard.index}/${shard.count}: ${shardDocs(part.shard)} of ${part.meta.nDocs}; join the ${shard.count} shards with lmdiff merge\n`,
            );
          return;
        }
        const cache = await analyze(model, dataset, common);
        bar.stop();
        const written = parquet ? await writeParquetDataset(cache, o.output!, { signal }) : null;
        process.stdout.write(`${written ? written.folder : cache.path}\n`);
        if (!quiet && written)
          process.stderr.write(`lmdiff: ${written.rows} rows in ${written.files.length} Parquet file(s), from ${cache.path}\n`);
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
