import type { Command } from "commander";
import { CorpusComparison } from "../api/CorpusComparison.js";
import { maybeNumber } from "../core/options.js";
import { saveTable } from "../engine/saveTable.js";
import { intOption } from "./intOption.js";

/** The options of `lmdiff stats`, as commander gives them. */
interface StatsCliOptions {
  m1?: string;
  m2?: string;
  dataset?: string;
  resamples: string;
  seed: string;
  confidence: string;
  alpha: string;
  output?: string;
  perText?: string;
}

/** `lmdiff stats OUT`: the statistics of a `preprocess all` output folder's comparison, as a table with ± and intervals. */
export function statsCommand(program: Command): void {
  program
    .command("stats")
    .description("statistics of a preprocess all folder: KL, Δp, same top-1, perplexity ratio, with bootstrap intervals over texts")
    .argument("<dir>", "the output folder of lmdiff preprocess all")
    .option("--m1 <name>", "model 1 (when the folder holds several comparisons)")
    .option("--m2 <name>", "model 2")
    .option("--dataset <name>", "the dataset")
    .option("--resamples <n>", "bootstrap resamples over texts", "1000")
    .option("--seed <n>", "seed of the bootstrap", "0")
    .option("--confidence <c>", "level of the intervals", "0.95")
    .option("--alpha <a>", "false discovery rate for per-text significance (Benjamini–Hochberg)", "0.05")
    .option("-o, --output <file>", "save the statistics table (.arrow, .parquet or .csv)")
    .option("--per-text <file>", "save the per-text table (.arrow, .parquet or .csv)")
    .action((dir: string, o: StatsCliOptions) => {
      const opts = {
        resamples: intOption("--resamples", o.resamples, 1),
        seed: intOption("--seed", o.seed, 0),
        confidence: maybeNumber("--confidence", Number(o.confidence), 0.95, 0, 1),
        alpha: maybeNumber("--alpha", Number(o.alpha), 0.05, 0, 1),
      };
      const stats = CorpusComparison.fromProject(dir, { m1: o.m1, m2: o.m2, dataset: o.dataset }).stats(opts);
      process.stdout.write(stats.toString());
      if (o.output) {
        saveTable(stats.toTable(), o.output);
        process.stderr.write(`lmdiff: wrote ${o.output}\n`);
      }
      if (o.perText) {
        saveTable(stats.perText(), o.perText);
        process.stderr.write(`lmdiff: wrote ${o.perText}\n`);
      }
    });
}
