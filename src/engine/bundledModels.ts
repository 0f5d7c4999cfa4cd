import * as fs from "node:fs";
import * as path from "node:path";
import { bundledModelsDir } from "./paths.js";

/** The names of the bundled models (folders of models/ with a config.json), sorted. */
export function bundledModels(): string[] {
  const dir = bundledModelsDir();
  return fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, "config.json")))
    .sort();
}

/** Whether a model spec names a bundled model. */
export function isBundled(spec: string): boolean {
  return /^[\w.-]+$/.test(spec) && fs.existsSync(path.join(bundledModelsDir(), spec, "config.json"));
}
