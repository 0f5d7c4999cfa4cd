import assert from "node:assert/strict";
import { test } from "node:test";
import { colorScale } from "../../src/render/colorScale.js";
import { legendFigure, legendWords } from "../../src/render/legend.js";
import { markBoxes } from "../../src/render/markBoxes.js";
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

test("legendFigure says what the colours mean in legendWords' words", () => {
  const scale = colorScale("prob_diff", [-0.5, 0.5], renderOptions());
  const f = legendFigure("prob_diff", models, scale, 600);
  for (const w of legendWords("prob_diff", models, scale)) assert.ok(f.body.includes(w), w);
});

test("legendFigure wraps its sentences and moves the bar under the name in a narrow figure, so every label fits", () => {
  const scale = colorScale("prob_diff", [-0.5, 0.5], renderOptions());
  for (const font of ["sans", "serif"] as const)
    for (const width of [200, 300, 600]) {
      const boxes = markBoxes(legendFigure("prob_diff", models, scale, width, font).marks, font);
      for (const b of boxes) assert.ok(b.x0 >= 0 && b.x1 <= width, `${font} at ${width}: "${b.text}" fits`);
      const [title, ...rest] = boxes;
      for (const b of rest) assert.ok(b.x0 >= title.x1 || b.y0 >= title.y1, `${font} at ${width}: "${b.text}" clears the name`);
    }
  const narrow = legendFigure("prob_diff", models, scale, 200);
  assert.ok(narrow.height > legendFigure("prob_diff", models, scale, 600).height);
  assert.match(narrow.body, /<rect x="0" y="20" /, "the bar starts under the name");
});

test("legendWords explains the pair measures without naming a winner", () => {
  assert.deepEqual(words("kl"), ["darker: the two models' predicted distributions differ more (KL(P₁‖P₂), in nats)"]);
  assert.match(words("js")[0], /in bits, 0 to 1/);
  const binary = legendWords("top1_agree", models, colorScale("top1_agree", [0, 1], renderOptions()));
  assert.deepEqual(binary, ["green: the two models' most likely tokens differ", "white: both models predict the same token first"]);
  const rate = legendWords("top1_agree", models, colorScale("top1_agree", [0.5, 0.75], renderOptions()));
  assert.deepEqual(rate, ["darker: the two models' most likely tokens differ more often"]);
});

test("legendFigure draws two swatches rather than a bar for a 0/1 measure", () => {
  const f = legendFigure("top1_agree", models, colorScale("top1_agree", [0, 1], renderOptions()), 600);
  assert.match(f.body, />0: different</);
  assert.match(f.body, />1: same</);
  assert.equal((f.body.match(/<rect /g) ?? []).length, 2);
  for (const b of markBoxes(f.marks)) assert.ok(b.x1 <= 600);
});

test("legendFigure of a divergence runs from 0 with no middle zero", () => {
  const f = legendFigure("kl", models, colorScale("kl", [0, 2], renderOptions()), 600);
  assert.equal((f.body.match(/>0</g) ?? []).length, 1);
});
