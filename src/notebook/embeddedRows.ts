import { topIndices } from "../core/topIndices.js";
import { betterLists } from "../render/betterLists.js";
import type { CorpusSignificance } from "../render/corpusSignificance.js";
import type { ResolvedCorpusViewOptions } from "./viewOptions.js";

/**
 * The rows whose token data a view embeds, `k` at most: with significance
 * columns the first texts of the two lists (model 1's and model 2's, taken
 * in turn, so both lists open), else the most extreme values.
 */
export function embeddedRows(values: Float64Array, sig: CorpusSignificance | null, o: ResolvedCorpusViewOptions, k: number): number[] {
  if (!sig) return Array.from(topIndices(values, k, o.order));
  const lists = betterLists(values, sig, { rankBy: o.rankBy, order: o.order, size: k });
  const rows: number[] = [];
  for (let j = 0; rows.length < k && (j < lists.model1.length || j < lists.model2.length); j++) {
    if (j < lists.model1.length) rows.push(lists.model1[j]);
    if (j < lists.model2.length && rows.length < k) rows.push(lists.model2[j]);
  }
  return rows;
}
