import assert from "node:assert/strict";
import { test } from "node:test";
import { colorScale } from "../../src/render/colorScale.js";
import { legendFigure, legendWords } from "../../src/render/legend.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { fixtureInstance } from "../fixtures/instance.js";

const models = fixtureInstance().models;
const words = (m: Parameters<typeof legendWords>[0], o = renderOptions()) => legendWords(m, models, colorScale(m, [1, -1], o));

test("legendWords says which colour is which model, by name", () => {
  assert.deepEqual(words("rank_diff"), [
    "red: model 1 (tiny-en) ranks the actual token better",
    "blue: model 2 (tiny-en-distil) ranks the actual token better",
  ]);
  assert.match(words("prob_diff")[0], /^red: model 1 \(tiny-en\) gives the actual token a higher probability$/);
  assert.match(words("prob_diff", renderOptions({ palette: "puor" }))[0], /^orange: /);
  assert.match(words("prob_diff", renderOptions({ grayscale: true }))[1], /^dashed: model 2/);
});

test("legendWords explains measures without a winner and single-model measures", () => {
  assert.match(words("entropy_diff")[0], /less certain/);
  assert.match(words("topk_diff")[0], /share fewer/);
  assert.match(words("rank_2")[0], /darker: model 2 \(tiny-en-distil\) ranks the actual token better/);
});

test("legendFigure draws a colour bar with zero in the middle for diverging measures", () => {
  const f = legendFigure("prob_diff", models, colorScale("prob_diff", [-0.5, 0.5], renderOptions()), 600);
  assert.match(f.body, />−0.5</);
  assert.match(f.body, />0</);
  assert.ok(f.height > 40);
});
