import assert from "node:assert/strict";
import { test } from "node:test";
import { significanceOrder } from "../../src/render/significanceOrder.js";
import { corpusSignificance } from "../../src/render/corpusSignificance.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

const sig = (mean: number[], se: number[], q: number[]) => ({
  mean: Float64Array.from(mean),
  se: Float64Array.from(se),
  q: Float64Array.from(q),
});

test("significanceOrder(s) puts the smallest q-value first", () => {
  assert.deepEqual(Array.from(significanceOrder(sig([1, 1, 1], [1, 1, 1], [0.5, 0.01, 0.2]))), [1, 2, 0]);
});

test("significanceOrder(s) breaks q-value ties by |mean / SE|, largest first, then by row", () => {
  const s = sig([0.1, -0.5, 0.3, 0.3], [0.1, 0.1, 0.1, 0.1], [0.02, 0.02, 0.02, 0.02]);
  assert.deepEqual(Array.from(significanceOrder(s)), [1, 2, 3, 0]);
});

test("significanceOrder(s) puts rows without a q-value last and a missing SE after every statistic", () => {
  const s = sig([0.1, 0.2, NaN, 0.3], [0.1, NaN, NaN, 0], [0.04, 0.04, NaN, 0.04]);
  // Row 3 has SE 0 and a non-zero mean: the largest statistic; row 1 has none.
  assert.deepEqual(Array.from(significanceOrder(s)), [3, 0, 1, 2]);
});

test("significanceOrder(s) of an empty corpus is empty", () => {
  assert.deepEqual(Array.from(significanceOrder(sig([], [], []))), []);
});

test("significanceOrder ranks the fixture's consistent differences above its large but noisy ones", () => {
  const order = Array.from(significanceOrder(corpusSignificance(fixturePairCorpus())!));
  // Text 7 has the largest mean (−0.31) but a standard error of 0.2; texts 5, 11, 9 and 1 are far more certain.
  assert.deepEqual(order.slice(0, 4), [5, 11, 1, 9]);
  assert.ok(order.indexOf(7) > order.indexOf(10));
  assert.equal(order[order.length - 1], 4); // the empty text has no q-value
});
