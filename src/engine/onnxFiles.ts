import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_VARIANTS, checkDtype, dtypeCandidates, missingDtypeError, type Dtype } from "./onnxDtype.js";
import { externalDataLocations } from "./externalDataLocations.js";

/**
 * Where a model folder in the Hugging Face / Optimum layout keeps its fp32
 * ONNX graph, in the order lmdiff looks: Optimum's export, the merged and
 * plain decoders of older exports, then a graph at the top of the folder.
 * Other precisions add a suffix (see onnxDtype.ts).
 */
export const ONNX_CANDIDATES: readonly string[] = dtypeCandidates("fp32");

/**
 * The ONNX graph of a model folder: `preferred` (relative to dir) if given,
 * else the first graph of `dtype` (default fp32); null when the folder has
 * no graph at all.  A folder that has graphs, but none of the precision
 * asked for, is an error that lists the precisions it has: loading another
 * one silently would change the numbers without saying so.
 */
export function findOnnx(dir: string, preferred?: string, dtype?: Dtype): string | null {
  if (preferred) return fs.existsSync(path.join(dir, preferred)) ? path.join(dir, preferred) : null;
  const want = checkDtype(dtype) ?? "fp32";
  for (const n of dtypeCandidates(want)) if (fs.existsSync(path.join(dir, n))) return path.join(dir, n);
  const present = ALL_VARIANTS.filter((v) => fs.existsSync(path.join(dir, v.file))).map((v) => v.dtype);
  if (present.length === 0 && dtype === undefined) return null;
  throw missingDtypeError(dir, want, present);
}

/**
 * The files holding an ONNX graph's external weights, as absolute paths:
 * the locations its tensors name (model.onnx_data, model.onnx_data_1, …,
 * or one file per tensor), whether or not they exist yet.  A file that is
 * not a readable ONNX graph gets the files named like its weights
 * (model.onnx_data*, model.onnx.data*), so that a damaged graph still
 * reaches onnxruntime, whose error says what is wrong with it.
 */
export function externalDataFiles(onnxPath: string): string[] {
  const dir = path.dirname(onnxPath);
  try {
    return externalDataLocations(onnxPath).map((loc) => path.join(dir, loc));
  } catch {
    const base = path.basename(onnxPath);
    return fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(base + "_data") || f.startsWith(base + ".data"))
      .map((f) => path.join(dir, f));
  }
}
