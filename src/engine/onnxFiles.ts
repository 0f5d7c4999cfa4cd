import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Where a model folder in the Hugging Face / Optimum layout keeps its ONNX
 * graph, in the order lmdiff looks: Optimum's export, the merged and plain
 * decoders of older exports, then a graph at the top of the folder.  Used
 * both to find a local model's graph and to download a hub model's.
 */
export const ONNX_CANDIDATES: readonly string[] = [
  "onnx/model.onnx",
  "onnx/decoder_model_merged.onnx",
  "onnx/decoder_model.onnx",
  "model.onnx",
];

/** The ONNX graph of a model folder: `preferred` (relative to dir) if given, else the first of ONNX_CANDIDATES; null when there is none. */
export function findOnnx(dir: string, preferred?: string): string | null {
  for (const n of preferred ? [preferred] : ONNX_CANDIDATES) if (fs.existsSync(path.join(dir, n))) return path.join(dir, n);
  return null;
}

/** The files holding an ONNX model's external weights (Optimum's model.onnx_data, or model.onnx.data). */
export function externalDataFiles(onnxPath: string): string[] {
  const dir = path.dirname(onnxPath);
  const base = path.basename(onnxPath);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(base + "_data") || f.startsWith(base + ".data"))
    .map((f) => path.join(dir, f));
}
