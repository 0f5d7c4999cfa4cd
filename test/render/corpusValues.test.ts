import assert from "node:assert/strict";
import { test } from "node:test";
import { corpusValues } from "../../src/render/corpusValues.js";
import { fixtureCorpus } from "../fixtures/corpus.js";

test("corpusValues returns the column of the measure and aggregation", () => {
  const c = fixtureCorpus();
  assert.equal(corpusValues(c, { measure: "rank_diff", agg: "max" }), c.values.rank_diff_max);
});

test("corpusValues names the available columns when one is missing", () => {
  const c = { ...fixtureCorpus(), values: { prob_diff_mean: new Float64Array(1) } };
  assert.throws(
    () => corpusValues(c, { measure: "prob_diff", agg: "median" }),
    /no column "prob_diff_median" \(available: prob_diff_mean\)/,
  );
});

test("corpusValues reads the pair measures' columns of a joint run", async () => {
  const { fixturePairCorpus } = await import("../fixtures/pair.js");
  const c = fixturePairCorpus();
  assert.equal(corpusValues(c, { measure: "kl", agg: "mean" }), c.values.kl_mean);
  assert.equal(corpusValues(c, { measure: "top1_agree", agg: "max" }), c.values.top1_agree_max);
});

test("corpusValues of a joint measure without its columns says the comparison needs a joint run", () => {
  assert.throws(
    () => corpusValues(fixtureCorpus(), { measure: "js", agg: "mean" }),
    /js needs both models' full distributions.*preprocess all/,
  );
  assert.throws(() => corpusValues(fixtureCorpus(), { measure: "prob_1", agg: "mean" }), /unknown measure "prob_1"/);
});
