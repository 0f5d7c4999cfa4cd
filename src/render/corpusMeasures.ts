import type { Aggregation } from "../core/aggregate.js";
import { columnName, type CorpusData } from "../core/CorpusData.js";
import { CORPUS_MEASURES, type CorpusMeasure } from "../core/measures.js";

/**
 * The measures a corpus comparison has columns of for aggregation `agg`,
 * in CORPUS_MEASURES' order: the pair measures KL, JS and TV only when it
 * was made from a joint run, and any measure an older comparison lacks
 * left out, so that a picker offers only what can be shown.
 */
export function corpusMeasures(data: CorpusData, agg: Aggregation): CorpusMeasure[] {
  return CORPUS_MEASURES.filter((m) => data.values[columnName(m, agg)] !== undefined);
}
