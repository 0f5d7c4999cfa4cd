import type { Row } from "./Row.js";

/**
 * The forward-pass rows that score a text with a causal model.  Texts
 * longer than the context are scored with a sliding window, so that every
 * token is predicted with at least half a context of history and nothing
 * is silently truncated (the strided evaluation of Hugging Face's
 * perplexity guide).  The text is prefixed with `bos`, so that its first
 * token is scored too.
 */
export function causalRows(doc: number, ids: Int32Array, bos: number, ctx: number): Row[] {
  const seq = new Int32Array(ids.length + 1);
  seq[0] = bos;
  seq.set(ids, 1);
  const L = ids.length; // positions 1..L are scored
  if (L === 0) return [];
  const rows: Row[] = [];
  const stride = Math.max(1, Math.floor(ctx / 2));
  let b = Math.min(ctx, L);
  rows.push({ doc, input: seq.subarray(0, b), from: 1, to: b, offset: 0 });
  while (b < L) {
    const nb = Math.min(b + stride, L);
    const a = Math.max(0, nb - ctx);
    rows.push({ doc, input: seq.subarray(a, nb), from: b + 1, to: nb, offset: a });
    b = nb;
  }
  return rows;
}
