import * as path from "node:path";
import type { Dataset } from "./Dataset.js";
import type { Model } from "./Model.js";

/**
 * The cache file of (model, dataset, k) inside a cache folder.  The names
 * carry short hashes of the ONNX file and of the dataset, so that a changed
 * model or corpus never reuses a stale cache.
 */
export function cachePath(dir: string, model: Model, dataset: Dataset, topK: number): string {
  const safe = (s: string) => s.replace(/[^\w.-]+/g, "_");
  return path.join(
    dir,
    `${safe(model.name)}-${model.onnxSha256().slice(0, 8)}__${safe(dataset.name)}-${dataset.checksum.slice(0, 8)}__k${topK}.arrow`,
  );
}

/** The pair cache of (model 1, model 2, dataset) inside a cache folder (see analyzePair), named as cachePath names caches. */
export function pairCachePath(dir: string, m1: Model, m2: Model, dataset: Dataset): string {
  const safe = (s: string) => s.replace(/[^\w.-]+/g, "_");
  const model = (m: Model) => `${safe(m.name)}-${m.onnxSha256().slice(0, 8)}`;
  return path.join(dir, `${model(m1)}__${model(m2)}__${safe(dataset.name)}-${dataset.checksum.slice(0, 8)}.pair.arrow`);
}
