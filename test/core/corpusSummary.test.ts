import assert from "node:assert/strict";
import { test } from "node:test";
import { corpusSummary } from "../../src/core/corpusSummary.ts";
import { MEASURE_INFO } from "../../src/core/measures.ts";

const base = { models: ["a", "b"] as const, dataset: "d", measure: "prob_diff" as const, agg: "mean" as const };

test("corpusSummary averages the values and counts the texts each model wins", () => {
  // prob_diff is p₂ − p₁: a positive value is a text model 2 does better on.
  const s = corpusSummary({ ...base, values: [0.5, -0.25, 0.25, 0] });
  const label = MEASURE_INFO.prob_diff.label;
  assert.equal(
    s,
    `lmdiff: a (model 1) vs b (model 2) on d, 4 texts. mean ${label} per text: average 0.1250; model 1 does better on 1 texts, model 2 on 2.`,
  );
});

test("corpusSummary leaves texts without a value out of the average but not out of the count", () => {
  const s = corpusSummary({ ...base, values: new Float64Array([1, Number.NaN, 0]) });
  assert.match(s, /on d, 3 texts\. .* average 0\.5000; model 1 does better on 0 texts, model 2 on 1\.$/);
});

test("corpusSummary appends each note as a sentence, and an empty corpus averages to 0", () => {
  const s = corpusSummary({ ...base, values: [], notes: ["one thing", "another"] });
  assert.match(s, /0 texts\. .* average 0\.0000; .* Note: one thing\. Note: another\.$/);
});
