import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { analyze } from "../engine/analyze.js";
import { compareCaches } from "../engine/compare.js";
import { loadDataset } from "../engine/Dataset.js";
import { Model } from "../engine/Model.js";
import { mergeProjectConfig } from "../engine/ProjectConfig.js";
import { intOption } from "./intOption.js";
import { analysisProgress, interruptSignal } from "./progressBar.js";

const safe = (s: string) => s.replace(/[^\w.-]+/g, "_");

/**
 * `lmdiff preprocess all M1 M2 DATASET --output-dir OUT`, as in the LMdiff
 * paper: both caches, the comparison in both orders, and OUT/lmdiff.json.
 */
export function preprocessCommand(program: Command): void {
  const pre = program.command("preprocess").description("prepare caches and comparisons for lmdiff serve");
  pre
    .command("all")
    .description("analyse DATASET with both models and compare them in both orders")
    .argument("<m1>", "model 1: bundled name, folder or hub id")
    .argument("<m2>", "model 2")
    .argument("<dataset>", "bundled dataset name or file")
    .requiredOption("--output-dir <dir>", "folder for caches, comparisons and lmdiff.json")
    .option("--top-k <k>", "size of the recorded top-k lists", "10")
    .option("--max-clamp-rank <n>", "cap of clamped_rank_diff", "50")
    .option("--field <name>", "JSON Lines field holding the text")
    .option("--column <name>", "CSV column holding the text")
    .option("--force", "recompute caches made with other settings")
    .action(async (s1: string, s2: string, dspec: string, o) => {
      const quiet = program.opts().quiet;
      const out = path.resolve(o.outputDir);
      const topK = intOption("--top-k", o.topK, 1);
      const C = intOption("--max-clamp-rank", o.maxClampRank, 1);
      const dataset = loadDataset(dspec, { field: o.field, column: o.column });
      const m1 = await Model.load(s1);
      const m2 = await Model.load(s2);
      const signal = interruptSignal();
      try {
        Model.assertComparable(m1, m2);
        fs.mkdirSync(path.join(out, "caches"), { recursive: true });
        fs.mkdirSync(path.join(out, "comparisons"), { recursive: true });
        const caches = [];
        for (const m of [m1, m2]) {
          const file = path.join("caches", `${safe(m.name)}__${safe(dataset.name)}.arrow`);
          const bar = analysisProgress(`${m.name} on ${dataset.name}`, quiet);
          try {
            caches.push(await analyze(m, dataset, { output: path.join(out, file), topK, force: o.force, signal, onProgress: bar.update }));
          } finally {
            bar.stop();
          }
        }
        const comparisons = [];
        for (const [a, b] of [
          [0, 1],
          [1, 0],
        ]) {
          const r = compareCaches(caches[a], caches[b], { maxClampRank: C });
          const file = path.join("comparisons", `${safe(r.models[0])}__${safe(r.models[1])}__${safe(dataset.name)}.arrow`);
          r.save(path.join(out, file));
          comparisons.push({ m1: r.models[0], m2: r.models[1], dataset: dataset.name, file, maxClampRank: C });
        }
        mergeProjectConfig(out, {
          models: [m1, m2].map((m) => ({ name: m.name, spec: m.spec, kind: m.kind, fingerprint: m.fingerprint })),
          datasets: [{ name: dataset.name, checksum: dataset.checksum, source: dataset.source, texts: dataset.texts.length }],
          caches: caches.map((c) => ({ model: c.meta.modelName, dataset: dataset.name, file: path.relative(out, c.path), topK })),
          comparisons,
        });
        if (!quiet) process.stderr.write(`lmdiff: wrote ${path.join(out, "lmdiff.json")}; serve it with: lmdiff serve --config ${o.outputDir}\n`);
        process.stdout.write(`${out}\n`);
      } finally {
        await m1.dispose();
        await m2.dispose();
      }
    });
}
