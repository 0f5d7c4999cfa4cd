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
  assert.equal(winner("kl", 0.3), 0, "the pair measures have no winner");
  assert.equal(MEASURES.length, 15);
});

test("computeMeasure reads the joint measures from the pair scores, and says what to do without them", () => {
  const s = (top: number[]) => ({
    prob: new Float32Array(2),
    logprob: new Float32Array(2),
    rank: new Int32Array(2),
    entropy: new Float32Array(2),
    topkIds: Int32Array.from(top),
    topkProbs: new Float32Array(4),
  });
  const [m1, m2] = [s([5, 6, 7, 8]), s([5, 9, 1, 2])];
  const pair = {
    kl: Float32Array.of(0.5, 0.25),
    kl_reverse: Float32Array.of(0.4, 0.2),
    js: Float32Array.of(0.1, 0.05),
    tv: Float32Array.of(0.3, 0.2),
  };
  assert.deepEqual([...computeMeasure("kl", m1, m2, 2, 50, 0, 2, pair)], [0.5, 0.25]);
  assert.deepEqual([...computeMeasure("tv", m1, m2, 2, 50, 1, 2, pair)], [Math.fround(0.2)]);
  // Same top-1: the first entry of each k = 2 list (5 = 5, then 7 ≠ 1).
  assert.deepEqual([...computeMeasure("top1_agree", m1, m2, 2, 50)], [1, 0]);
  assert.throws(() => computeMeasure("js", m1, m2, 2, 50), /js needs both models' full distributions.*preprocess all/);
});
