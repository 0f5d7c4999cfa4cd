import { topIndices } from "../core/topIndices.js";
import { betterLists } from "../render/betterLists.js";
import type { CorpusSignificance } from "../render/corpusSignificance.js";
import type { ResolvedCorpusViewOptions } from "./viewOptions.js";

/** Tokens a view embeds per text it may embed: the token data is most of an output's size. */
export const EMBED_TOKENS_PER_TEXT = 30;

/**
 * The rows whose token data a view embeds, `k` at most and about
 * EMBED_TOKENS_PER_TEXT × k tokens in all (a text that would go over is
 * left out for the next that fits; when none fits, the first is embedded): with significance columns the first texts of
 * the two lists (model 1's and model 2's, taken in turn, so both lists
 * open), else the most extreme values.  The budget matters with
 * significance ranking, whose first texts are long ones (a long text's
 * mean is certain): ten of them made a notebook output 600 KB larger
 * (a token with both top-10 lists is about 280 bytes of output).
 */
export function embeddedRows(
  values: Float64Array,
  sig: CorpusSignificance | null,
  o: ResolvedCorpusViewOptions,
  k: number,
  nTokens: ArrayLike<number>,
): number[] {
  const order: number[] = [];
  if (!sig) order.push(...topIndices(values, k, o.order));
  else {
    const lists = betterLists(values, sig, { rankBy: o.rankBy, order: o.order, size: k });
    for (let j = 0; j < lists.model1.length || j < lists.model2.length; j++) {
      if (j < lists.model1.length) order.push(lists.model1[j]);
      if (j < lists.model2.length) order.push(lists.model2[j]);
    }
  }
  const budget = EMBED_TOKENS_PER_TEXT * k;
  const rows: number[] = [];
  let tokens = 0;
  for (const r of order) {
    if (rows.length >= k) break;
    if (tokens + nTokens[r] > budget) continue;
    rows.push(r);
    tokens += nTokens[r];
  }
  // Texts all longer than the budget: the first still opens.
  if (rows.length === 0 && order.length > 0 && k > 0) rows.push(order[0]);
  return rows;
}
