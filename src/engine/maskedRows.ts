import type { Model } from "./Model.js";
import type { Row } from "./Row.js";

/**
 * The forward-pass rows that score a text with a masked model: every token
 * is masked in its own row, so no token is ever scored while the model can
 * see it.  Long texts use a window of the context length centred on the
 * masked token.
 */
export function maskedRows(doc: number, ids: Int32Array, m: Pick<Model, "contextLength" | "clsId" | "sepId" | "maskId">): Row[] {
  const W = m.contextLength - 2;
  const n = ids.length;
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const w = n <= W ? 0 : Math.max(0, Math.min(i - Math.floor(W / 2), n - W));
    const len = Math.min(W, n);
    const input = new Int32Array(len + 2);
    input[0] = m.clsId!;
    input.set(ids.subarray(w, w + len), 1);
    input[len + 1] = m.sepId!;
    input[i - w + 1] = m.maskId!;
    rows.push({ doc, input, from: i - w + 1, to: i, offset: w });
  }
  return rows;
}
