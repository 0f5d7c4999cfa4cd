import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { VERSION } from "../version.js";
import { atomicWriteFileSync } from "./atomicWrite.js";

/**
 * lmdiff.json: what `lmdiff preprocess all` wrote into an output folder,
 * and what `lmdiff serve --config DIR` reads.  Paths are relative to the
 * folder, so it can be moved or shared.
 */
export interface ProjectConfig {
  lmdiff: string;
  /** `onnx`: the graph the caches were made with, relative to the model's folder (a dtype variant); absent before 0.2. */
  models: { name: string; spec: string; kind: string; fingerprint: string; onnx?: string; tokenizer?: string }[];
  datasets: { name: string; checksum: string; source: string; texts: number }[];
  caches: { model: string; dataset: string; file: string; topK: number }[];
  comparisons: { m1: string; m2: string; dataset: string; file: string; maxClampRank: number }[];
  /** Pair caches (the joint measures of two models scored together; see analyzePair); absent before 0.3. */
  pairs?: { m1: string; m2: string; dataset: string; file: string }[];
}

export const CONFIG_FILE = "lmdiff.json";

export function readProjectConfig(dir: string): ProjectConfig {
  const file = path.join(dir, CONFIG_FILE);
  if (!fs.existsSync(file))
    throw new LmdiffError(`${dir} has no ${CONFIG_FILE} (run lmdiff preprocess all … --output-dir ${dir} first)`, "not-found", 404);
  try {
    const c = JSON.parse(fs.readFileSync(file, "utf8")) as ProjectConfig;
    if (!Array.isArray(c.models) || !Array.isArray(c.caches) || !Array.isArray(c.comparisons)) throw new Error("missing lists");
    return c;
  } catch (e) {
    throw new LmdiffError(`${file} is not a valid lmdiff config (${(e as Error).message})`, "bad-config");
  }
}

/** Merge new entries into DIR/lmdiff.json (entries with the same key are replaced). */
export function mergeProjectConfig(dir: string, add: Omit<ProjectConfig, "lmdiff">): ProjectConfig {
  const file = path.join(dir, CONFIG_FILE);
  const cur: ProjectConfig = fs.existsSync(file)
    ? readProjectConfig(dir)
    : { lmdiff: VERSION, models: [], datasets: [], caches: [], comparisons: [] };
  const merge = <T>(a: T[], b: T[], key: (x: T) => string) => {
    const m = new Map(a.map((x) => [key(x), x]));
    for (const x of b) m.set(key(x), x);
    return [...m.values()];
  };
  const next: ProjectConfig = {
    lmdiff: VERSION,
    models: merge(cur.models, add.models, (x) => x.name),
    datasets: merge(cur.datasets, add.datasets, (x) => x.name),
    caches: merge(cur.caches, add.caches, (x) => `${x.model}\u0000${x.dataset}`),
    comparisons: merge(cur.comparisons, add.comparisons, (x) => `${x.m1}\u0000${x.m2}\u0000${x.dataset}`),
    pairs: merge(cur.pairs ?? [], add.pairs ?? [], (x) => `${x.m1}\u0000${x.m2}\u0000${x.dataset}`),
  };
  atomicWriteFileSync(file, JSON.stringify(next, null, 2) + "\n");
  return next;
}
