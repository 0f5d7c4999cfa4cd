import assert from "node:assert/strict";
import { test } from "node:test";
import type { Row } from "../../src/engine/Row.ts";
import type { StatsResult } from "../../src/engine/Stats.ts";
import { emptyScores, storeScores } from "../../src/engine/storeScores.ts";

const k = 2;
/** Statistics rows whose values name their row: logprob −row/10, rank row + 1, entropy row, top-k ids 100·row + j. */
function stats(n: number): StatsResult {
  return {
    logprob: Float32Array.from({ length: n }, (_, r) => -r / 10),
    above: Float32Array.from({ length: n }, (_, r) => r),
    entropy: Float32Array.from({ length: n }, (_, r) => r),
    topkLogprob: Float32Array.from({ length: n * k }, (_, i) => -i / 100),
    topkIds: BigInt64Array.from({ length: n * k }, (_, i) => BigInt(100 * Math.floor(i / k) + (i % k))),
  };
}
const row = (doc: number, len: number, from: number, to: number, offset = 0): Row => ({
  doc,
  input: new Int32Array(len),
  from,
  to,
  offset,
});

test("emptyScores(n, k) is zeroed arrays of n tokens and n × k top-k entries", () => {
  const s = emptyScores(3, k);
  assert.equal(s.prob.length, 3);
  assert.equal(s.topkIds.length, 6);
  assert.ok(s.rank.every((x) => x === 0));
});

test("storeScores(out, 'causal', …) stores positions from..to of each row and counts them", () => {
  const out = [emptyScores(3, k), emptyScores(2, k)];
  // Width 3: row 0 scores positions 1..3 (statistics rows 0..2), row 1 position 2 (statistics row 3 + 1).
  const n = storeScores(out, "causal", [row(0, 3, 1, 3), row(1, 2, 2, 2)], stats(6), k);
  assert.equal(n, 4);
  assert.deepEqual(Array.from(out[0].rank), [1, 2, 3]);
  assert.deepEqual(Array.from(out[1].rank), [0, 5], "token 1 of doc 1 from statistics row 4; token 0 untouched");
  assert.ok(Math.abs(out[0].prob[2] - Math.exp(-0.2)) < 1e-7, "prob = exp(logprob)");
  assert.deepEqual(Array.from(out[1].topkIds.subarray(2, 4)), [400, 401], "the low words of the int64 ids");
  assert.ok(Math.abs(out[1].topkProbs[3] - Math.exp(-0.09)) < 1e-7);
});

test("storeScores honours a window's offset: position t of a row is statistics row t − offset − 1", () => {
  const out = [emptyScores(6, k)];
  storeScores(out, "causal", [row(0, 4, 5, 6, 2)], stats(4), k);
  assert.deepEqual(Array.from(out[0].rank), [0, 0, 0, 0, 3, 4]);
});

test("storeScores(out, 'masked', …) stores one statistics row per row, at the row's token", () => {
  const out = [emptyScores(2, k), emptyScores(1, k)];
  const n = storeScores(out, "masked", [row(0, 5, 2, 1), row(1, 5, 1, 0), row(0, 5, 1, 0)], stats(3), k);
  assert.equal(n, 3);
  assert.deepEqual(Array.from(out[0].rank), [3, 1]);
  assert.deepEqual(Array.from(out[1].rank), [2]);
});
