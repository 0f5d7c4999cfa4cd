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
