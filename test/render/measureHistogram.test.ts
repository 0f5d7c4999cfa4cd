import assert from "node:assert/strict";
import { test } from "node:test";
import { computeMeasure, MEASURES, winner } from "../../src/core/measures.js";
import { measureHistogram, winCounts } from "../../src/render/measureHistogram.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";

const counts = (s: string) => [...s.matchAll(/data-count="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);

test("measureHistogram bar counts sum to the number of tokens for every measure", () => {
  const d = syntheticInstance(500, 3);
  for (const m of MEASURES) assert.equal(counts(measureHistogram(d, { measure: m })), 500, m);
});

test("winCounts agrees with winner and sums to n", () => {
  const d = fixtureInstance();
  const v = computeMeasure("rank_diff", d.m1, d.m2, d.k, d.maxClampRank);
  const c = winCounts("rank_diff", v);
  assert.equal(c.model1 + c.model2 + c.tie, d.tokens.length);
  assert.equal(c.model1, Array.from(v).filter((x) => winner("rank_diff", x) === 1).length);
  // ranks: model 1 better at tokens 0, 4, 9 (r2 > r1); model 2 at 1, 5, 8, 10
  assert.deepEqual(c, { model1: 3, model2: 4, tie: 5 });
});

test("measureHistogram writes the win and tie counts with the model names", () => {
  const s = measureHistogram(fixtureInstance(), { measure: "rank_diff" });
  assert.match(s, /model 1 \(tiny-en\) better: 3/);
  assert.match(s, /model 2 \(tiny-en-distil\) better: 4/);
  assert.match(s, /tie: 5/);
});

test("measureHistogram says when a measure has no winner", () => {
  assert.match(measureHistogram(fixtureInstance(), { measure: "entropy_diff" }), /no winner/);
});

test("measureHistogram of a single token, an empty text and NaN values", () => {
  const one = syntheticInstance(1);
  assert.equal(counts(measureHistogram(one)), 1);
  assert.equal(counts(measureHistogram(syntheticInstance(0))), 0);
  const d = fixtureInstance();
  d.m1.prob[0] = NaN;
  const s = measureHistogram(d);
  assert.equal(counts(s), 11);
  assert.match(s, /1 tokens without a value/);
});

test("measureHistogram of huge rank differences stays finite", () => {
  const d = fixtureInstance();
  d.m2.rank[0] = 2_000_000_000;
  const s = measureHistogram(d, { measure: "rank_diff" });
  assert.equal(counts(s), 12);
  assert.doesNotMatch(s, /NaN|Infinity/);
});
