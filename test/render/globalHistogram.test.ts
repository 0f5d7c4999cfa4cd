import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOptions } from "../../src/render/renderOptions.js";
import { globalHistogram, globalHistogramLayout, globalHistogramValueAt } from "../../src/render/globalHistogram.js";
import { fixtureCorpus, syntheticCorpus } from "../fixtures/corpus.js";

const counts = (s: string) => [...s.matchAll(/data-count="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);

test("globalHistogram counts every text with a value and reports the rest", () => {
  const s = globalHistogram(fixtureCorpus());
  assert.equal(counts(s), 11);
  assert.match(s, /11 texts \(1 without a value\)/);
});

test("globalHistogram draws black stripes at the top-N outliers", () => {
  const s = globalHistogram(fixtureCorpus(), { outliers: 2 });
  const docs = [...s.matchAll(/class="outlier" data-doc="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(docs, [7, 2]);
  assert.match(s, /stroke="#000000"/);
});

test("globalHistogram colours bars red on model 1's side and blue on model 2's", () => {
  const s = globalHistogram(fixtureCorpus(), { bins: 4 });
  const fills = [...s.matchAll(/class="bin"[^>]*fill="rgb\((\d+), \d+, (\d+)\)"/g)].map((m) => (Number(m[1]) > Number(m[2]) ? "r" : "b"));
  assert.deepEqual(fills, ["r", "r", "b", "b"]);
});

test("globalHistogram draws a brushed range and maps pixels back to values", () => {
  const s = globalHistogram(fixtureCorpus(), { brush: [-0.1, 0.1] });
  assert.match(s, /class="brush"/);
  const o = renderOptions();
  const L = globalHistogramLayout(fixtureCorpus().values.prob_diff_mean, o);
  assert.deepEqual(L.domain, [-0.31, 0.31]);
  assert.equal(globalHistogramValueAt(L, L.left), -0.31);
  assert.ok(Math.abs(globalHistogramValueAt(L, (L.left + L.right) / 2)) < 1e-12);
  assert.equal(globalHistogramValueAt(L, 1e6), 0.31);
});

test("globalHistogram rejects a measure the corpus cannot have", () => {
  assert.throws(() => globalHistogram(fixtureCorpus(), { measure: "prob_1" }), /unknown measure "prob_1"/);
  const c = fixtureCorpus();
  delete c.values.prob_diff_mean;
  assert.throws(() => globalHistogram(c), /corpus has no column "prob_diff_mean"/);
});

test("globalHistogram of 100,000 texts counts them all", () => {
  const s = globalHistogram(syntheticCorpus(100_000), { bins: 60 });
  assert.equal(counts(s), 100_000);
});

test("globalHistogram wraps its caption between its parts in a narrow figure", async () => {
  const { globalHistogramLayout } = await import("../../src/render/globalHistogram.js");
  const { corpusValues } = await import("../../src/render/corpusValues.js");
  const { renderOptions } = await import("../../src/render/renderOptions.js");
  const c = fixtureCorpus();
  const wide = renderOptions({ width: 900 });
  const narrow = renderOptions({ width: 300 });
  assert.equal(globalHistogramLayout(corpusValues(c, wide), wide).caption.length, 1);
  const lines = globalHistogramLayout(corpusValues(c, narrow), narrow).caption;
  assert.ok(lines.length >= 2);
  assert.ok(lines.some((l) => l.startsWith("stripes:")));
  assert.ok(globalHistogramLayout(corpusValues(c, narrow), narrow).height > globalHistogramLayout(corpusValues(c, wide), wide).height);
});
