import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedMeasure } from "../../src/core/alignedMeasure.ts";
import { alignedLegendFigure, alignedLegendWords, alignedModelName } from "../../src/render/alignedLegend.ts";
import { colorScale } from "../../src/render/colorScale.ts";
import { renderOptions } from "../../src/render/renderOptions.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";

const d = alignedFixture();
const scale = (measure: "bits_diff" | "bits_1", grayscale = false) =>
  colorScale(measure, alignedMeasure(d, measure), renderOptions({ measure, grayscale }));

test("alignedLegendWords says which colour means which model needs fewer bits, and what PLL means", () => {
  assert.deepEqual(alignedLegendWords("bits_diff", d, scale("bits_diff")), [
    "red: model 1 (tiny-en) needs fewer bits on the character",
    "blue: model 2 (tiny-mlm-en, PLL) needs fewer bits",
    "PLL: model 2's bits are pseudo-log-likelihoods (each token masked in turn), not a probability of the text",
  ]);
  assert.match(alignedLegendWords("bits_diff", d, scale("bits_diff", true))[1], /^dashed: model 2/);
  assert.match(alignedLegendWords("bits_1", d, scale("bits_1"))[0], /^darker: model 1 \(tiny-en\) needs fewer bits/);
});

test("alignedModelName marks a masked model PLL", () => {
  assert.equal(alignedModelName(d, 0), "model 1 (tiny-en)");
  assert.equal(alignedModelName(d, 1), "model 2 (tiny-mlm-en, PLL)");
});

test("alignedLegendFigure draws a colour bar with its ends and 0, and wraps its sentences to the width", () => {
  const f = alignedLegendFigure("bits_diff", d, scale("bits_diff"), 220);
  assert.ok(f.body.includes(">0</text>"));
  assert.ok(f.marks!.texts.every((t) => t.text.length < 60));
});
