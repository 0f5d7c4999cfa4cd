import type { Order } from "../core/options.js";
import { topIndices } from "../core/topIndices.js";
import { betterModel, type CorpusSignificance } from "./corpusSignificance.js";
import type { RankBy } from "./renderOptions.js";
import { significanceOrder } from "./significanceOrder.js";

/** The texts each model does better on, as row indices, best first. */
export interface BetterLists {
  /** Texts whose mean log-probability difference is negative: model 1 gives their tokens higher probabilities. */
  model1: Int32Array;
  /** Texts whose mean log-probability difference is positive. */
  model2: Int32Array;
}

export interface BetterListsOptions {
  rankBy: RankBy;
  /** Which extremes of `values` come first under rankBy "raw". */
  order: Order;
  /** How many texts each list holds at most. */
  size: number;
  /** Rows to consider (the view's brush and search); every row when absent. */
  keep?: (row: number) => boolean;
  /** significanceOrder(s), when the caller keeps it between calls (it depends only on the corpus). */
  ranked?: Int32Array;
}

/**
 * Two lists of texts, split by which model does better on them (the sign
 * of the mean log-probability difference; a text with a mean of 0 or none
 * is in neither), each ordered by `rankBy`: "raw" by `values` (the view's
 * aggregate, the most extreme first as `order` says) or "significance" by
 * significanceOrder.  Lists stop at `size` texts.
 */
export function betterLists(values: ArrayLike<number>, s: CorpusSignificance, o: BetterListsOptions): BetterLists {
  const keep = o.keep ?? (() => true);
  if (o.rankBy === "significance") {
    const lists: [number[], number[]] = [[], []];
    for (const row of o.ranked ?? significanceOrder(s)) {
      const side = betterModel(s.mean[row]);
      if (side === 0 || lists[side - 1].length >= o.size || !keep(row)) continue;
      lists[side - 1].push(row);
      if (lists[0].length >= o.size && lists[1].length >= o.size) break;
    }
    return { model1: Int32Array.from(lists[0]), model2: Int32Array.from(lists[1]) };
  }
  const rawList = (side: 1 | 2) => {
    const rows: number[] = [];
    for (let i = 0; i < s.mean.length; i++) if (betterModel(s.mean[i]) === side && keep(i)) rows.push(i);
    const sub = Float64Array.from(rows, (i) => values[i]);
    return Int32Array.from(topIndices(sub, o.size, o.order), (j) => rows[j]);
  };
  return { model1: rawList(1), model2: rawList(2) };
}
