import type { Command } from "commander";
import { LmdiffError } from "../core/LmdiffError.js";
import type { LoadOptions } from "../engine/Model.js";
import { parseMemory } from "../engine/memoryBudget.js";
import { checkDtype, DTYPES } from "../engine/onnxDtype.js";
import { downloadProgress } from "./downloadProgress.js";

/** The options of `lmdiff` itself, given before the command name. */
export interface GlobalOptions {
  quiet?: boolean;
}

/** Whether `lmdiff --quiet` was given: no progress bars or notes on stderr. */
export function isQuiet(program: Command): boolean {
  return program.opts<GlobalOptions>().quiet === true;
}

/** The help of `--dtype` on the commands that load one model. */
export const DTYPE_HELP = `precision of the ONNX graph: ${DTYPES.join(", ")} (default fp32; a hub repo's onnx/model_quantized.onnx is q8)`;

/** The help of `--max-memory`. */
export const MAX_MEMORY_HELP =
  "most memory scoring may hold per model, e.g. 8G, 512M or 50% (default 50%): passes are sized to fit, long texts get shorter windows if needed, a model that cannot fit is refused before loading";

/** The help of `--dtype` on the commands that load two models. */
export const DTYPE_PAIR_HELP = `${DTYPE_HELP}; "fp32,q8" gives model 1 and model 2 their own`;

/**
 * What the commands that load models pass to loadModel: the precision
 * (`--dtype D`, or `--dtype D1,D2` for model 1 and model 2, which is how
 * one compares a model with its own quantized export) and a download
 * progress display on stderr for hub models.  One entry per model.
 */
export function modelLoadOptions(
  program: Command,
  o: { dtype?: string; maxMemory?: string },
  models: 1 | 2,
): Pick<LoadOptions, "dtype" | "onProgress" | "maxMemory">[] {
  const dtype = o.dtype;
  const maxMemory = o.maxMemory === undefined ? undefined : parseMemory(o.maxMemory);
  const parts = dtype === undefined ? [] : dtype.split(",").map((d) => d.trim());
  if (parts.length > models)
    throw new LmdiffError(
      `invalid --dtype ${JSON.stringify(dtype)} (expected one precision${models === 2 ? ", or two separated by a comma" : ""})`,
      "bad-option",
    );
  return Array.from({ length: models }, (_, i) => ({
    dtype: checkDtype(parts[Math.min(i, parts.length - 1)], "--dtype"),
    onProgress: downloadProgress(isQuiet(program)),
    ...(maxMemory === undefined ? {} : { maxMemory }),
  }));
}
