import assert from "node:assert/strict";
import { test } from "node:test";
import { betterModel, corpusSignificance, significantModel } from "../../src/render/corpusSignificance.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

test("corpusSignificance reads the mean, standard error and q-value columns of logprob_diff", () => {
  const c = fixturePairCorpus();
  const s = corpusSignificance(c)!;
  assert.equal(s.mean, c.values.logprob_diff_mean);
  assert.equal(s.se, c.values.logprob_diff_se);
  assert.equal(s.q, c.values.logprob_diff_q);
});

test("corpusSignificance of a comparison made before the significance columns is null", () => {
  assert.equal(corpusSignificance(fixtureCorpus()), null);
  const c = fixturePairCorpus();
  delete c.values.logprob_diff_q;
  assert.equal(corpusSignificance(c), null);
});

test("betterModel(mean) is 1 for a negative mean log-probability difference, 2 for a positive one, 0 otherwise", () => {
  assert.equal(betterModel(-0.2), 1);
  assert.equal(betterModel(0.2), 2);
  assert.equal(betterModel(0), 0);
  assert.equal(betterModel(NaN), 0);
});

test("significantModel counts a text only under q < 0.05", () => {
  const s = corpusSignificance(fixturePairCorpus())!;
  assert.deepEqual(
    Array.from({ length: 12 }, (_, i) => significantModel(s, i)),
    [0, 1, 0, 2, 0, 1, 0, 0, 0, 2, 0, 2],
  );
});
