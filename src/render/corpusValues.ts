import { columnName, type CorpusData } from "../core/CorpusData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { isJointMeasure, jointMeasureMissing } from "../core/measures.js";
import { maybeCorpusMeasure } from "../core/options.js";
import type { RenderOptions } from "./renderOptions.js";

/**
 * The per-document column the global view shows, with a clear error when
 * the corpus lacks it: for a joint measure (KL, JS, TV), that the
 * comparison was not made from a joint run.
 */
export function corpusValues(data: CorpusData, o: Pick<RenderOptions, "measure" | "agg">): Float64Array {
  const measure = maybeCorpusMeasure(o.measure);
  const name = columnName(measure, o.agg);
  const col = data.values[name];
  if (col) return col;
  if (isJointMeasure(measure)) throw jointMeasureMissing(measure);
  throw new LmdiffError(`corpus has no column "${name}" (available: ${Object.keys(data.values).join(", ") || "none"})`, "bad-option");
}
