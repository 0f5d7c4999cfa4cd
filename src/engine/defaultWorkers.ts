import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { externalDataFiles } from "./onnxFiles.js";

/**
 * From this size on, a model is scored by one in-process session with all
 * cores as onnxruntime threads, and no worker copies.  A real-size model's
 * matrix products are long enough for intra-op threads to pay off, while
 * every worker would hold another copy of its weights (GPT-2 small on 2
 * cores: 6.1 GB with two workers against 1.3 GB for one session, and no
 * faster).  Small models are the opposite: their operators are too short
 * for threads, and independent sessions per core are what scales.
 */
export const ONE_SESSION_BYTES = 100 * 2 ** 20;

/** The bytes of a model's graph and its external weight files; a weight file the graph names but the folder lacks is an error saying which. */
export function modelBytes(onnxPath: string): number {
  let bytes = fs.statSync(onnxPath).size;
  for (const f of externalDataFiles(onnxPath)) {
    if (!fs.existsSync(f))
      throw new LmdiffError(
        `${onnxPath} keeps weights in ${path.basename(f)}, which is missing beside it; copy or download the whole onnx folder`,
        "bad-model",
      );
    bytes += fs.statSync(f).size;
  }
  return bytes;
}

/**
 * Scoring workers for a model by default: none for a model of
 * ONE_SESSION_BYTES or more; else one per core (at most 8), but only as
 * many copies of the model as fit in a quarter of the machine's memory.  A
 * session holds about twice its file (fp16 weights are widened to fp32).
 */
export function defaultWorkers(onnxPath: string, totalMemory = os.totalmem(), cores = os.availableParallelism()): number {
  return workersFor(modelBytes(onnxPath), totalMemory, cores);
}

/** defaultWorkers for a model of `bytes` (its graph and weight files), for callers that know its size already. */
export function workersFor(bytes: number, totalMemory = os.totalmem(), cores = os.availableParallelism()): number {
  if (bytes >= ONE_SESSION_BYTES) return 0;
  const fit = Math.floor(totalMemory / 4 / Math.max(1, 2 * bytes));
  return Math.max(1, Math.min(8, cores, fit));
}
