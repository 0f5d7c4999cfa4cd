import * as path from "node:path";
import type { Command } from "commander";
import { CorpusComparison } from "../api/CorpusComparison.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { atomicWriteFileSync } from "../engine/atomicWrite.js";
import { saveTable } from "../engine/saveTable.js";
import { intOption } from "./intOption.js";

/** The options of `lmdiff gaps`, as commander gives them. */
interface GapsCliOptions {
  m1?: string;
  m2?: string;
  dataset?: string;
  top: string;
  output?: string;
  buckets?: string;
  literals?: string;
  texts?: string;
}

const FIGURES = [".svg", ".png", ".html", ".json"];

/** `lmdiff gaps DIR`: where the bits-per-byte gap of two models of different tokenizers lies, from a preprocess all folder. */
export function gapsCommand(program: Command): void {
  program
    .command("gaps")
    .description(
      "gap report of a preprocess all folder of two models with different tokenizers: where their bits-per-byte difference lies (buckets, literals, texts)",
    )
    .argument("<dir>", "the output folder of lmdiff preprocess all")
    .option("--m1 <name>", "model 1 (when the folder holds several comparisons)")
    .option("--m2 <name>", "model 2")
    .option("--dataset <name>", "the dataset")
    .option("-n, --top <n>", "literals and texts listed each way", "20")
    .option("-o, --output <file>", `save the report (${FIGURES.join(", ")})`)
    .option("--buckets <file>", "save the bucket table (.arrow, .parquet or .csv)")
    .option("--literals <file>", "save the literal table (.arrow, .parquet or .csv)")
    .option("--texts <file>", "save the per-text table (.arrow, .parquet or .csv)")
    .action((dir: string, o: GapsCliOptions) => {
      const top = intOption("--top", o.top, 1);
      const ext = o.output ? path.extname(o.output).toLowerCase() : "";
      if (o.output && !FIGURES.includes(ext))
        throw new LmdiffError(`cannot tell the format of ${o.output} (expected ${FIGURES.join(", ")})`, "bad-option");
      const report = CorpusComparison.fromProject(dir, { m1: o.m1, m2: o.m2, dataset: o.dataset }).gapReport({ top });
      process.stdout.write(report.toString(top));
      const written: string[] = [];
      if (o.output) {
        if (ext === ".png") report.savePNG(o.output);
        else if (ext === ".svg") report.saveSVG(o.output);
        else if (ext === ".html") atomicWriteFileSync(o.output, report.toMimeBundle()["text/html"] as string);
        else atomicWriteFileSync(o.output, JSON.stringify(report.toJSON(), null, 1) + "\n");
        written.push(o.output);
      }
      for (const [file, table] of [
        [o.buckets, () => report.buckets],
        [o.literals, () => report.literals],
        [o.texts, () => report.texts],
      ] as const)
        if (file) {
          saveTable(table(), file);
          written.push(file);
        }
      for (const f of written) process.stderr.write(`lmdiff: wrote ${f}\n`);
    });
}
