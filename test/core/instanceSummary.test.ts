import assert from "node:assert/strict";
import { test } from "node:test";
import { instanceMeasure, instanceSummary, tokenWins } from "../../src/core/instanceSummary.ts";
import { computeMeasure } from "../../src/core/measures.ts";
import { fixtureInstance } from "../fixtures/instance.ts";

const d = fixtureInstance();

test("instanceMeasure(data, name) is computeMeasure over both recordings, with the measure checked", () => {
  assert.deepEqual(instanceMeasure(d, "rank_diff"), computeMeasure("rank_diff", d.m1, d.m2, d.k, d.maxClampRank));
  assert.throws(() => instanceMeasure(d, "nope" as never), /unknown measure "nope"/);
});

test("tokenWins counts every token once, as a win of model 1, of model 2, or a tie", () => {
  const w = tokenWins(d, "prob_diff");
  assert.equal(w.model1 + w.model2 + w.tie, d.tokens.length);
  const v = instanceMeasure(d, "prob_diff");
  // prob_diff is p₂ − p₁: model 2 does better where it is positive.
  assert.equal(w.model2, Array.from(v).filter((x) => x > 0).length);
  assert.deepEqual(tokenWins(d, "prob_1"), { model1: 0, model2: 0, tie: d.tokens.length }, "a single-model measure has no winner");
});

test("instanceSummary names the models, the length, the mean and both perplexities", () => {
  const s = instanceSummary(d);
  assert.match(
    s,
    new RegExp(
      `^lmdiff: ${d.models[0].name} \\(model 1\\) vs ${d.models[1].name} \\(model 2\\) on one text of ${d.tokens.length} tokens\\. `,
    ),
  );
  assert.match(s, /Mean .* -?\d+\.\d{4}; model 1 does better on \d+ tokens, model 2 on \d+, \d+ tie; perplexity \d+\.\d vs \d+\.\d\.$/);
  assert.doesNotMatch(instanceSummary(d, "prob_1"), /does better/);
});
