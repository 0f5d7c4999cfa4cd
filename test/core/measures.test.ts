import assert from "node:assert/strict";
import { test } from "node:test";
import { computeMeasure, MEASURES, topkDifference, winner, type TokenScores } from "../../src/core/measures.ts";

const s = (prob: number[], rank: number[], entropy: number[], topk: number[][]): TokenScores => ({
  prob: Float32Array.from(prob),
  logprob: Float32Array.from(prob.map(Math.log)),
  rank: Int32Array.from(rank),
  entropy: Float32Array.from(entropy),
  topkIds: Int32Array.from(topk.flat()),
  topkProbs: new Float32Array(topk.flat().length),
});

const a = s(
  [0.5, 0.25],
  [1, 80],
  [1, 2],
  [
    [1, 2, 3],
    [4, 5, 6],
  ],
);
const b = s(
  [0.25, 0.5],
  [3, 2],
  [1.5, 1],
  [
    [3, 2, 9],
    [7, 8, 9],
  ],
);

test("computeMeasure gives model 2 minus model 1 for every difference", () => {
  assert.deepEqual(Array.from(computeMeasure("prob_diff", a, b, 3, 50)), [-0.25, 0.25]);
  assert.deepEqual(Array.from(computeMeasure("rank_diff", a, b, 3, 50)), [2, -78]);
  assert.deepEqual(Array.from(computeMeasure("clamped_rank_diff", a, b, 3, 50)), [2, -48]);
  assert.deepEqual(Array.from(computeMeasure("entropy_diff", a, b, 3, 50)), [0.5, -1]);
  const lp = computeMeasure("logprob_diff", a, b, 3, 50);
  assert.ok(Math.abs(lp[0] - Math.log(0.5)) < 1e-6);
});

test("topk_diff is k minus the size of the intersection of the two top-k sets", () => {
  assert.deepEqual(Array.from(computeMeasure("topk_diff", a, b, 3, 50)), [1, 3]);
  assert.equal(topkDifference(Int32Array.of(1, 2), 0, Int32Array.of(2, 1), 0, 2), 0);
});

test("single-model measures pass the model's own values through", () => {
  assert.deepEqual(Array.from(computeMeasure("rank_1", a, b, 3, 50)), [1, 80]);
  assert.deepEqual(Array.from(computeMeasure("prob_2", a, b, 3, 50)), [0.25, 0.5]);
});

test("computeMeasure handles a range and an empty text", () => {
  assert.deepEqual(Array.from(computeMeasure("rank_diff", a, b, 3, 50, 1, 2)), [-78]);
  assert.equal(computeMeasure("prob_diff", a, b, 3, 50, 0, 0).length, 0);
});

test("winner reads the sign per measure: a higher probability or a lower rank wins", () => {
  assert.equal(winner("prob_diff", -0.1), 1);
  assert.equal(winner("prob_diff", 0.1), 2);
  assert.equal(winner("rank_diff", 3), 1);
  assert.equal(winner("rank_diff", -3), 2);
  assert.equal(winner("rank_diff", 0), 0);
  assert.equal(winner("topk_diff", 4), 0);
  assert.equal(winner("prob_diff", NaN), 0);
  assert.equal(MEASURES.length, 10);
});
