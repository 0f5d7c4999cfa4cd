import { columnName, type CorpusData } from "../core/CorpusData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { DIFF_MEASURES } from "../core/measures.js";
import { keyword } from "../core/options.js";
import type { RenderOptions } from "./renderOptions.js";

/** The per-document column the global view shows, with a clear error when the corpus lacks it. */
export function corpusValues(data: CorpusData, o: Pick<RenderOptions, "measure" | "agg">): Float64Array {
  const measure = keyword("measure", o.measure, DIFF_MEASURES);
  const name = columnName(measure, o.agg);
  const col = data.values[name];
  if (!col)
    throw new LmdiffError(`corpus has no column "${name}" (available: ${Object.keys(data.values).join(", ") || "none"})`, "bad-option");
  return col;
}
