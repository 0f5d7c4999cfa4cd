/** ln 2, to turn nats into bits. */
const LN2 = Math.LN2;

/**
 * Each character's share of a model's surprisal: token t's −log₂ p is
 * spread evenly over the bytes it owns, and a character's bits are the sum
 * over its bytes.  Spreading (rather than putting a token's bits on its
 * last byte, where the token is complete) keeps the per-character picture
 * smooth and lets the two models be compared over any span of characters
 * without the answer depending on where their token boundaries fall; a
 * character split over several tokens (a byte-level BPE token holding part
 * of an emoji) gets its bytes' shares from each.  A token that owns no
 * bytes gives its bits to the next token that does (or the previous one at
 * the end), so per text the characters' bits always sum to the model's
 * total surprisal.  Masked models' pseudo-log-likelihoods are spread the
 * same way.
 */
export function spreadBits(
  logprob: ArrayLike<number>,
  byteStart: Int32Array,
  byteEnd: Int32Array,
  charBytes: Uint8Array,
): { bits: Float64Array; total: number } {
  const nBytes = charBytes.reduce((a, b) => a + b, 0);
  const perByte = new Float64Array(nBytes);
  const n = logprob.length;
  let total = 0;
  let carry = 0;
  let last = -1;
  for (let t = 0; t < n; t++) {
    const bits = -logprob[t] / LN2;
    total += bits;
    const len = byteEnd[t] - byteStart[t];
    if (len === 0) {
      carry += bits;
      continue;
    }
    const share = (bits + carry) / len;
    carry = 0;
    for (let b = byteStart[t]; b < byteEnd[t]; b++) perByte[b] += share;
    last = t;
  }
  if (carry !== 0 && last >= 0) {
    const len = byteEnd[last] - byteStart[last];
    for (let b = byteStart[last]; b < byteEnd[last]; b++) perByte[b] += carry / len;
  }
  const bits = new Float64Array(charBytes.length);
  let b = 0;
  for (let c = 0; c < charBytes.length; c++) for (let j = 0; j < charBytes[c]; j++) bits[c] += perByte[b++];
  return { bits, total };
}
