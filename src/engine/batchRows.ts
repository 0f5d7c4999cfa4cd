import type { Row } from "./Row.js";

/**
 * Group rows into forward-pass batches of at most `maxTokens` padded tokens
 * (rows × the longest row).  Rows are sorted longest first, so a batch
 * holds rows of similar length and little of it is padding; a row longer
 * than the budget gets a batch of its own.
 */
export function batchRows(rows: Row[], maxTokens: number): Row[][] {
  const sorted = rows.slice().sort((x, y) => y.input.length - x.input.length || x.doc - y.doc);
  const batches: Row[][] = [];
  let cur: Row[] = [];
  let width = 0;
  for (const r of sorted) {
    const w = Math.max(width, r.input.length);
    if (cur.length && w * (cur.length + 1) > maxTokens) {
      batches.push(cur);
      cur = [];
      width = 0;
    }
    cur.push(r);
    width = Math.max(width, r.input.length);
  }
  if (cur.length) batches.push(cur);
  return batches;
}
