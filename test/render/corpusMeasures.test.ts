import assert from "node:assert/strict";
import { test } from "node:test";
import { corpusMeasures } from "../../src/render/corpusMeasures.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

test("corpusMeasures lists the difference measures of a comparison from two caches", () => {
  assert.deepEqual(corpusMeasures(fixtureCorpus(), "mean"), [
    "prob_diff",
    "logprob_diff",
    "rank_diff",
    "clamped_rank_diff",
    "topk_diff",
    "entropy_diff",
  ]);
});

test("corpusMeasures adds the pair measures of a joint run, for the aggregation asked", () => {
  assert.deepEqual(corpusMeasures(fixturePairCorpus(), "median").slice(6), ["kl", "kl_reverse", "js", "tv", "top1_agree"]);
});

test("corpusMeasures of a corpus without columns is empty", () => {
  assert.deepEqual(corpusMeasures({ ...fixtureCorpus(), values: {} }, "mean"), []);
});
