import assert from "node:assert/strict";
import { test } from "node:test";
import { availableMeasures, computeMeasure, MEASURES, winner } from "../../src/core/measures.js";
import { measureHistogram, winCounts } from "../../src/render/measureHistogram.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";
import { fixturePairInstance } from "../fixtures/pair.js";

const counts = (s: string) => [...s.matchAll(/data-count="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);

test("measureHistogram bar counts sum to the number of tokens for every measure the data has", () => {
  const d = syntheticInstance(500, 3);
  for (const m of availableMeasures(MEASURES, false)) assert.equal(counts(measureHistogram(d, { measure: m })), 500, m);
  const p = fixturePairInstance();
  for (const m of MEASURES) assert.equal(counts(measureHistogram(p, { measure: m })), 12, m);
});

test("measureHistogram of a joint measure on data without one names what is missing", () => {
  assert.throws(() => measureHistogram(fixtureInstance(), { measure: "kl" }), /kl needs both models' full distributions/);
});

test("measureHistogram draws top1_agree as two bars, different and same, and counts them", () => {
  const s = measureHistogram(fixturePairInstance(), { measure: "top1_agree" });
  assert.deepEqual(
    [...s.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1])),
    [7, 5],
  );
  assert.match(s, />0: different</);
  assert.match(s, />1: same</);
  assert.match(s, /same top-1: 5 · different: 7/);
});

test("measureHistogram bins a divergence from 0", () => {
  const s = measureHistogram(fixturePairInstance(), { measure: "kl", bins: 10 });
  assert.match(s, /<text x="40" [^>]*>0<\/text>/);
  assert.equal(counts(s), 12);
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

test("measureHistogram of two identical models draws one bar centred on 0 and says all values are 0", () => {
  const d = fixtureInstance();
  const s = measureHistogram({ ...d, m2: d.m1 }, { width: 500, bins: 30 });
  const bars = [...s.matchAll(/<rect class="bin"[^>]* x="([\d.]+)"[^>]* width="([\d.]+)"/g)];
  assert.equal(bars.length, 1);
  const centre = +bars[0][1] - 0.5 + (+bars[0][2] + 1) / 2;
  assert.ok(Math.abs(centre - (40 + 488) / 2) < 0.6, `bar centre ${centre}`);
  assert.match(s, /over 12 tokens \(all are 0\)/);
});

test("measureHistogram wraps the win counts onto a new line in a narrow figure", () => {
  const ys = (w: number) =>
    new Set(
      [...measureHistogram(fixtureInstance(), { width: w }).matchAll(/class="(?:wins1|wins2|ties)" x="[\d.]+" y="([\d.]+)"/g)].map(
        (m) => m[1],
      ),
    ).size;
  assert.equal(ys(800), 1);
  assert.ok(ys(260) >= 2);
});
