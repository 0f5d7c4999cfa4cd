import * as fs from "node:fs";
import * as os from "node:os";
import { externalDataFiles } from "./onnxFiles.js";

/**
 * Scoring workers for a model by default: one per core (at most 8), but
 * only as many copies of the model as fit in a quarter of the machine's
 * memory, so a large model on a many-core machine gets a few workers with
 * several onnxruntime threads each instead of running out of memory.  A
 * session holds about twice its file (fp16 weights are widened to fp32).
 */
export function defaultWorkers(onnxPath: string, totalMemory = os.totalmem(), cores = os.availableParallelism()): number {
  let bytes = 0;
  for (const f of [onnxPath, ...externalDataFiles(onnxPath)]) bytes += fs.statSync(f).size;
  const fit = Math.floor(totalMemory / 4 / Math.max(1, 2 * bytes));
  return Math.max(1, Math.min(8, cores, fit));
}
