import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedMeasure } from "../../src/core/alignedMeasure.ts";
import { alignedFigureContent } from "../../src/export/alignedFigureContent.ts";
import { figureOptions } from "../../src/export/figureOptions.ts";
import { figureLayout, figureSVG } from "../../src/export/figureSVG.ts";
import { svgToPDF } from "../../src/export/svgToPDF.ts";
import { pngSize, svgToPNG } from "../../src/export/svgToPNG.ts";
import { alignedRenderOptions } from "../../src/render/alignedOptions.ts";
import { alignedStripFigure } from "../../src/render/alignedStrip.ts";
import { colorScale } from "../../src/render/colorScale.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";
import { assertOneLineError, snapshot } from "./snapshot.ts";

const d = alignedFixture();

test("figureSVG snapshots of a text read by two tokenizers render as committed", () => {
  snapshot("figure-aligned-composite", figureSVG(d, { view: "composite", width: 455 }));
  snapshot("figure-aligned-strip-narrow", figureSVG(d, { view: "strip", width: 220, fontFamily: "serif", grayscale: true }));
});

test("figureSVG of AlignedData colours by bits_diff unless told, and draws the render core's aligned strip", () => {
  const svg = figureSVG(d, { view: "strip", width: 808, fontSize: 14 });
  const o = alignedRenderOptions(d, { width: 800, fontSize: 14 });
  const values = alignedMeasure(d, "bits_diff");
  assert.ok(svg.includes(alignedStripFigure(d, values, colorScale("bits_diff", values, o), o).body));
  assert.ok(svg.includes(">bits difference</text>"));
  assert.ok(figureSVG(d, { view: "strip", measure: "bits_1" }).includes(">bits (model 1)</text>"));
});

test("figureSVG draws every view of AlignedData but global, each fitted to the width", () => {
  for (const view of ["composite", "strip", "plots", "histogram"] as const) {
    const L = figureLayout(d, { view, width: 300 });
    assert.equal(L.width, 300, view);
  }
  const topk = figureSVG(d, { view: "topk", token: 5 });
  assert.ok(topk.includes("model 1 (tiny-en) · token 4 of 13"), "model 1's token over ä");
  assert.ok(topk.includes("model 2 (tiny-mlm-en, PLL) · token 2 of 8"), "model 2's token over ä");
});

test("figureSVG of AlignedData refuses a token measure, the global view and a topk without a character, in one line", () => {
  assertOneLineError(() => figureSVG(d, { measure: "prob_diff" }), /use bits_diff, bits_1, bits_2/);
  assertOneLineError(() => figureSVG(d, { view: "global" }), /global view needs a corpus/);
  assertOneLineError(() => figureSVG(d, { view: "topk" }), /needs a character index \(option token, 0 to 15\)/);
  assertOneLineError(() => figureSVG(d, { view: "topk", token: 16 }), /character index from 0 to 15/);
});

test("alignedFigureContent leaves the legend out when asked", () => {
  const o = figureOptions({ view: "strip", legend: false, measure: "bits_diff" });
  assert.ok(!alignedFigureContent(d, o, o.render).body.includes("lmdiff-legend"));
});

test("an aligned figure exports to PNG and PDF", async () => {
  const L = figureLayout(d, { view: "composite" });
  const png = svgToPNG(L, { scale: 1 });
  assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47]);
  assert.deepEqual(pngSize(L, { scale: 1 }), { width: Math.round(L.width), height: Math.round(L.height) });
  const pdf = await svgToPDF(L);
  assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), "%PDF-");
});
