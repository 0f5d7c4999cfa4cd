import type { Row } from "./Row.js";

/**
 * The forward-pass rows that score a text with a causal model.  Texts
 * longer than the context are scored with a sliding window, so that every
 * token is predicted with at least half a context of history and nothing
 * is silently truncated (the strided evaluation of Hugging Face's
 * perplexity guide).  The text is prefixed with `bos`, so that its first
 * token is scored too.
 *
 * `whole`: every row also carries the token after its last scored one, so
 * that a text within the context is fed exactly as it is, [BOS, ...text]
 * (the last position predicts nothing and is not stored).  Needed for
 * graphs whose numbers depend on the whole input (dynamic quantization);
 * windows are then one token shorter so that rows still fit the context.
 */
export function causalRows(doc: number, ids: Int32Array, bos: number, ctx: number, whole = false): Row[] {
  if (whole)
    return causalRows(doc, ids, bos, Math.max(1, ctx - 1)).map((r) => ({
      ...r,
      input: ids.length + 1 > r.offset + r.input.length ? withNext(ids, bos, r) : r.input,
    }));
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

/** A row's input with the token that follows it in [BOS, ...ids]. */
function withNext(ids: Int32Array, bos: number, r: Row): Int32Array {
  const input = new Int32Array(r.input.length + 1);
  input.set(r.input);
  const next = r.offset + r.input.length; // its position in [BOS, ...ids]
  input[r.input.length] = next === 0 ? bos : ids[next - 1];
  return input;
}
