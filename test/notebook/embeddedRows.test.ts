import assert from "node:assert/strict";
import { test } from "node:test";
import { embeddedRows } from "../../src/notebook/embeddedRows.js";
import { corpusViewOptions } from "../../src/notebook/viewOptions.js";
import { corpusSignificance } from "../../src/render/corpusSignificance.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

test("embeddedRows takes the most extreme values of a comparison without significance columns", () => {
  const c = fixtureCorpus();
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, null, corpusViewOptions(), 3), [7, 2, 11]);
});

test("embeddedRows takes the first texts of each model's list in turn", () => {
  const c = fixturePairCorpus();
  const sig = corpusSignificance(c);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions(), 5), [5, 11, 1, 9, 10]);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions({ rankBy: "raw" }), 4), [7, 2, 5, 11]);
});

test("embeddedRows runs on with the longer list when the other is spent, and takes nothing for k = 0", () => {
  const c = fixturePairCorpus();
  const sig = corpusSignificance(c);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions(), 10), [5, 11, 1, 9, 10, 3, 7, 2, 6, 0]);
  assert.deepEqual(embeddedRows(c.values.prob_diff_mean, sig, corpusViewOptions(), 0), []);
});
