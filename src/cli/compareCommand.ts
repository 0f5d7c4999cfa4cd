import type { Command } from "commander";
import { AGGREGATIONS } from "../core/aggregate.js";
import { CORPUS_MEASURES } from "../core/measures.js";
import { DEFAULT_MAX_CLAMP_RANK, maybeAggregation, maybeCorpusMeasure, maybeOrder } from "../core/options.js";
import { compareCaches } from "../api/compare.js";
import { intOption } from "./intOption.js";
import { isQuiet } from "./globalOptions.js";

/** The options of `lmdiff compare`, as commander gives them. */
interface CompareCliOptions {
  output?: string;
  maxClampRank: string;
  measure?: string;
  agg: string;
  order: string;
  top: string;
  pair?: string;
}

export function compareCommand(program: Command): void {
  program
    .command("compare")
    .description("compare two analysis caches of the same dataset; print the top texts and optionally save the results table")
    .argument("<cache1>", "cache of model 1")
    .argument("<cache2>", "cache of model 2")
    .option("-o, --output <file>", "save ComparisonResults (.arrow, .parquet or .csv)")
    .option("--max-clamp-rank <n>", "cap of clamped_rank_diff", String(DEFAULT_MAX_CLAMP_RANK))
    .option("--pair <file>", "the pair cache of the two models (lmdiff preprocess all writes it): adds KL, JS and TV")
    .option(
      "--measure <name>",
      `measure for the printed list (${CORPUS_MEASURES.join(", ")}) (default: prob_diff, or bits_diff for models with different tokenizers)`,
    )
    .option("--agg <name>", `aggregation (${AGGREGATIONS.join(", ")})`, "mean")
    .option("--order <order>", "abs, desc or asc", "abs")
    .option("-n, --top <n>", "how many texts to print", "10")
    .action((c1: string, c2: string, o: CompareCliOptions) => {
      const asked = o.measure === undefined ? undefined : maybeCorpusMeasure(o.measure);
      const r = compareCaches(c1, c2, { maxClampRank: intOption("--max-clamp-rank", o.maxClampRank, 1), pair: o.pair });
      const measure = asked ?? r.defaultMeasure;
      const agg = maybeAggregation(o.agg);
      if (o.output) r.save(o.output);
      const rows = r.top(measure, { agg, k: intOption("--top", o.top, 1), order: maybeOrder(o.order) });
      // Notes go to stderr, like every other diagnostic, so that --quiet silences them and
      // stdout stays the results; printed once the options are known good, so that an
      // error is still the only line on stderr.
      if (!isQuiet(program)) for (const note of r.notes) process.stderr.write(`lmdiff: note: ${note}\n`);
      process.stdout.write(`${r.summary(measure, agg, { notes: false })}\n`);
      for (const row of rows) {
        const text = row.text.length > 90 ? row.text.slice(0, 89) + "…" : row.text;
        process.stdout.write(`${String(row.index).padStart(6)}  ${row.value.toFixed(4).padStart(9)}  ${text}\n`);
      }
      if (o.output) process.stderr.write(`lmdiff: wrote ${o.output}\n`);
    });
}
