import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { bundledDatasets, loadDataset } from "../engine/Dataset.js";
import { bundledModels } from "../engine/bundledModels.js";
import type { ModelConfig } from "../engine/modelJson.js";
import { bundledModelsDir } from "../engine/paths.js";

function folderSize(dir: string): number {
  let s = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    s += e.isDirectory() ? folderSize(p) : fs.statSync(p).size;
  }
  return s;
}

export function listCommands(program: Command): void {
  program
    .command("models")
    .description("list the bundled models")
    .action(() => {
      for (const name of bundledModels()) {
        const dir = path.join(bundledModelsDir(), name);
        const cfg = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")) as ModelConfig;
        const layers = cfg.n_layer ?? cfg.num_hidden_layers;
        const width = cfg.n_embd ?? cfg.hidden_size;
        const ctx = cfg.n_positions ?? cfg.max_position_embeddings;
        process.stdout.write(
          `${name.padEnd(20)} ${String(cfg.model_type).padEnd(6)} ${layers} layers × ${width}, vocab ${cfg.vocab_size}, context ${ctx}, ${(folderSize(dir) / 1e6).toFixed(1)} MB\n`,
        );
      }
    });
  program
    .command("datasets")
    .description("list the bundled datasets")
    .action(() => {
      for (const d of bundledDatasets()) {
        const n = loadDataset(d.path).texts.length;
        process.stdout.write(`${d.name.padEnd(18)} ${String(n).padStart(6)} texts  ${d.description ?? d.type}\n`);
      }
    });
}
