import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedRenderOptions } from "../../src/render/alignedOptions.ts";
import { bitsPlot, bitsPlotFigure, bitsPlotHighlight, bitsPlotIndexAt, bitsPlotLayout, bitsPlotTitle } from "../../src/render/bitsPlot.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";

const d = alignedFixture();

test("bitsPlot draws one step line per model in its colour, and a key naming both", () => {
  const svg = bitsPlot(d, { width: 600 });
  assert.match(svg, /<path class="m1"[^>]*stroke="#d6604d"/);
  assert.match(svg, /<path class="m2"[^>]*stroke="#4393c3"/);
  assert.ok(svg.includes(">model 1 (tiny-en)</text>"));
  assert.ok(svg.includes(">model 2 (tiny-mlm-en, PLL)</text>"));
});

test("bitsPlotTitle says that a masked model's bits are pseudo-bits", () => {
  assert.equal(bitsPlotTitle(d), "bits per character (PLL: pseudo-bits)");
  const causal = { ...d, sides: [d.sides[0], { ...d.sides[1], scoring: "causal" as const }] as typeof d.sides };
  assert.equal(bitsPlotTitle(causal), "bits per character");
});

test("bitsPlotIndexAt maps x to the character under it, and -1 outside the plot", () => {
  const L = bitsPlotLayout(d, alignedRenderOptions(d, { width: 600 }));
  assert.equal(bitsPlotIndexAt(L, L.left + 0.5 * L.band), 0);
  assert.equal(bitsPlotIndexAt(L, L.left + 5.5 * L.band), 5);
  assert.equal(bitsPlotIndexAt(L, L.left - 1), -1);
  assert.equal(bitsPlotIndexAt(L, L.right), -1);
});

test("bitsPlotHighlight marks one character with a band and a dot per model, and nothing without one", () => {
  const o = alignedRenderOptions(d, { width: 600 });
  const h = bitsPlotHighlight(d, { ...o, highlight: 3 });
  assert.match(h.body, /data-c="3"/);
  assert.equal((h.body.match(/<circle/g) ?? []).length, 2);
  assert.equal(bitsPlotHighlight(d, o).body, "");
  assert.ok(bitsPlotFigure(d, { ...o, highlight: 3 }).body.includes(h.body));
});

test("bitsPlot moves its key to a row of its own when the title line is too narrow", () => {
  const wide = bitsPlotLayout(d, alignedRenderOptions(d, { width: 900 }));
  const narrow = bitsPlotLayout(d, alignedRenderOptions(d, { width: 320 }));
  assert.ok(narrow.top > wide.top);
});
