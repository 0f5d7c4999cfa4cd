import assert from "node:assert/strict";
import { test } from "node:test";
import { embeddedRows } from "../../src/notebook/embeddedRows.js";
import { corpusViewOptions } from "../../src/notebook/viewOptions.js";
import { corpusSignificance } from "../../src/render/corpusSignificance.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

test("embeddedRows takes the most extreme values of a comparison without significance columns", () => {
  const c = fixtureCorpus();
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, null, corpusViewOptions(), 3, c.nTokens), [7, 2, 11]);
});

test("embeddedRows takes the first texts of each model's list in turn", () => {
  const c = fixturePairCorpus();
  const sig = corpusSignificance(c);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions(), 5, c.nTokens), [5, 11, 1, 9, 10]);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions({ rankBy: "raw" }), 4, c.nTokens), [7, 2, 5, 11]);
});

test("embeddedRows runs on with the longer list when the other is spent, and takes nothing for k = 0", () => {
  const c = fixturePairCorpus();
  const sig = corpusSignificance(c);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions(), 10, c.nTokens), [5, 11, 1, 9, 10, 3, 7, 2, 6, 0]);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions(), 0, c.nTokens), []);
});

test("embeddedRows keeps within about 30 tokens per text it may embed, passing over texts that do not fit", () => {
  const c = fixturePairCorpus();
  const long = Int32Array.from(c.nTokens, (_, i) => (i === 5 ? 10_000 : 25));
  // Text 5 comes first but does not fit: the next ones do.
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, corpusSignificance(c), corpusViewOptions(), 2, long), [11, 1]);
  const allLong = Int32Array.from(c.nTokens, () => 10_000);
  assert.deepEqual(
    embeddedRows(c.values.prob_diff_mean, corpusSignificance(c), corpusViewOptions(), 2, allLong),
    [5],
    "none fits: the first",
  );
  const short = Int32Array.from(c.nTokens, () => 25);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, corpusSignificance(c), corpusViewOptions(), 3, short), [5, 11, 1]);
  const mixed = Int32Array.from(c.nTokens, (_, i) => (i === 11 ? 100 : 25));
  // 11 (100 tokens) would go over 3 × 30 after 5: it is skipped for the next texts that fit.
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, corpusSignificance(c), corpusViewOptions(), 3, mixed), [5, 1, 9]);
});
