import type { Order } from "./options.js";

/**
 * Indices of the k most extreme values, best first: "desc" the largest,
 * "asc" the smallest, "abs" the largest in absolute value.  NaN values are
 * never preferred: they come after every number, in index order, and only
 * when fewer than k numbers exist.  Ties keep index order, so the result is
 * deterministic.
 *
 * A bounded binary heap keeps the k best seen so far, which is O(n log k):
 * the global view asks for the top 50 of 100,000 documents on every
 * measure change, where a full sort would be wasted work.
 */
export function topIndices(values: ArrayLike<number>, k: number, order: Order = "abs"): Int32Array {
  const n = values.length;
  k = Math.max(0, Math.min(Math.floor(k), n));
  if (k === 0) return new Int32Array(0);
  const key = order === "desc" ? (v: number) => v : order === "asc" ? (v: number) => -v : (v: number) => Math.abs(v);
  // `worse(a, b)`: item a ranks below item b (smaller key, or equal key and larger index).
  const heapIdx = new Int32Array(k);
  const heapKey = new Float64Array(k);
  let size = 0;
  const worse = (ka: number, ia: number, kb: number, ib: number) => ka < kb || (ka === kb && ia > ib);
  const swap = (a: number, b: number) => {
    const ti = heapIdx[a];
    heapIdx[a] = heapIdx[b];
    heapIdx[b] = ti;
    const tk = heapKey[a];
    heapKey[a] = heapKey[b];
    heapKey[b] = tk;
  };
  // The heap root is the worst of the kept items (a min-heap on rank).
  const siftUp = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heapKey[i], heapIdx[i], heapKey[p], heapIdx[p])) break;
      swap(i, p);
      i = p;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heapKey[l], heapIdx[l], heapKey[m], heapIdx[m])) m = l;
      if (r < size && worse(heapKey[r], heapIdx[r], heapKey[m], heapIdx[m])) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  let nanCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      nanCount++;
      continue;
    }
    const kv = key(v);
    if (size < k) {
      heapIdx[size] = i;
      heapKey[size] = kv;
      siftUp(size++);
    } else if (worse(heapKey[0], heapIdx[0], kv, i)) {
      heapIdx[0] = i;
      heapKey[0] = kv;
      siftDown(0);
    }
  }
  const out = new Int32Array(k);
  // Pop worst-first and fill from the back, giving best-first order.
  const found = size;
  for (let j = found - 1; j >= 0; j--) {
    out[j] = heapIdx[0];
    size--;
    if (size > 0) {
      heapIdx[0] = heapIdx[size];
      heapKey[0] = heapKey[size];
      siftDown(0);
    }
  }
  if (found < k && nanCount > 0) {
    let j = found;
    for (let i = 0; i < n && j < k; i++) if (Number.isNaN(values[i])) out[j++] = i;
  }
  return out;
}
