import type { Aggregation } from "./aggregate.js";
import type { ModelLabel } from "./InstanceData.js";
import type { CorpusMeasure } from "./measures.js";

/** Column name of a per-document aggregate in ComparisonResults, e.g. "prob_diff_mean". */
export function columnName(measure: CorpusMeasure, agg: Aggregation): string {
  return `${measure}_${agg}`;
}

/**
 * What the global view needs of a corpus comparison, as plain columns (the
 * Node side holds an Arrow table; the browser gets this).  Row i is document
 * `index[i]` of the corpus.
 */
export interface CorpusData {
  models: [ModelLabel, ModelLabel];
  dataset: string;
  index: Int32Array;
  text: string[];
  nTokens: Int32Array;
  /** Per-document aggregates keyed by columnName(measure, agg). */
  values: Record<string, Float64Array>;
}
