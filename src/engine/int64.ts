/**
 * int64 tensors without a BigInt per element.  onnxruntime wants int64 ids,
 * masks and positions, but creating or reading a BigInt allocates, and on
 * the scoring path that was a few hundred thousand short-lived objects per
 * second on the main thread.  Every value here fits in 32 bits, so it is
 * written to, and read from, the low word of a little-endian int64 (all
 * platforms onnxruntime-node ships for) with the high word as its sign.
 */
if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error("lmdiff needs a little-endian platform");

/** A zeroed int64 array and a 32-bit view of its words. */
export function int64Array(n: number): { data: BigInt64Array; words: Int32Array } {
  const data = new BigInt64Array(n);
  return { data, words: int64Words(data) };
}

/** The 32-bit words of an int64 array: element i is words[2i] (low) and words[2i + 1] (high). */
export function int64Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Store a 32-bit integer as element i. */
export function setInt64(words: Int32Array, i: number, v: number): void {
  words[2 * i] = v;
  words[2 * i + 1] = v < 0 ? -1 : 0;
}
