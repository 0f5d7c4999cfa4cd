import assert from "node:assert/strict";
import { test } from "node:test";
import type { InstanceData } from "../../src/core/InstanceData.js";
import { computeMeasure } from "../../src/core/measures.js";
import { figureLayout, figureSVG } from "../../src/export/figureSVG.js";
import { nodeText, parseSvg, type SvgNode } from "../../src/export/parseSvg.js";
import { textCollisions } from "../../src/export/textCollisions.js";
import { colorScale } from "../../src/render/colorScale.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { stepPlotsFigure } from "../../src/render/stepPlots.js";
import { tokenStripFigure } from "../../src/render/tokenStrip.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { assertOneLineError, snapshot } from "./snapshot.js";

const inst = fixtureInstance();
const corpus = fixtureCorpus();

const cases: [string, () => string][] = [
  ["figure-strip", () => figureSVG(inst, { view: "strip" })],
  ["figure-plots", () => figureSVG(inst, { view: "plots" })],
  ["figure-histogram", () => figureSVG(inst, { view: "histogram", measure: "rank_diff", bins: 10 })],
  ["figure-global", () => figureSVG(corpus, { view: "global", bins: 12, outliers: 3 })],
  ["figure-topk", () => figureSVG(inst, { view: "topk", token: 9 })],
  ["figure-composite", () => figureSVG(inst, { view: "composite", width: 600 })],
  [
    "figure-strip-grayscale-serif-titled",
    () =>
      figureSVG(inst, {
        view: "strip",
        width: 220,
        measure: "rank_diff",
        grayscale: true,
        fontFamily: "serif",
        fontSize: 9,
        title: "Rank difference",
        caption: "Figure 1: tokens coloured by rank difference; dashed outlines mark tokens model 2 ranks better.",
      }),
  ],
];

for (const [name, render] of cases) test(`figureSVG snapshot ${name} renders as committed`, () => snapshot(name, render()));

test("figureSVG(data, {width}) gives a root sized in points with a viewBox in the same units", () => {
  const svg = figureSVG(inst, { view: "strip", width: 300 });
  const root = parseSvg(svg);
  assert.equal(root.attrs.width, "300pt");
  assert.match(root.attrs.viewBox, /^0 0 300 \d+$/);
  assert.equal(root.attrs.height, `${root.attrs.viewBox.split(" ")[3]}pt`);
  assert.equal(root.attrs.color, "#000000", "currentColor resolves to black on paper");
});

test("figureSVG draws the strip and plots with the render core's own figures", () => {
  // At 808 pt the inner width is 800 and nothing needs scaling, so render's output appears verbatim.
  const svg = figureSVG(inst, { view: "composite", width: 808, fontSize: 14 });
  const o = renderOptions({ width: 800, fontSize: 14 });
  const values = computeMeasure(o.measure, inst.m1, inst.m2, inst.k, inst.maxClampRank);
  const scale = colorScale(o.measure, values, o, inst.k);
  assert.ok(svg.includes(tokenStripFigure(inst, values, scale, o).body));
  assert.ok(svg.includes(stepPlotsFigure(inst, o).body));
  assert.doesNotMatch(svg, /lmdiff-fit/);
});

test("figureSVG leaves no overlapping or cut-off labels in any view at paper widths", () => {
  for (const width of [455, 600])
    for (const view of ["strip", "plots", "histogram", "global", "topk", "composite"] as const) {
      const f = figureLayout(view === "global" ? corpus : inst, { view, width, token: 9, title: "A title", caption: "A caption." });
      assert.deepEqual(textCollisions(f.boxes, width), [], `${view} at ${width} pt`);
    }
});

/** The non-empty <text> and the <line> elements of an SVG, in document order. */
function drawn(n: SvgNode, out: string[] = []): string[] {
  if (n.name === "text" && nodeText(n) !== "") out.push(nodeText(n));
  else if (n.name === "line") out.push("");
  else for (const c of n.children) if (typeof c !== "string") drawn(c, out);
  return out;
}

test("figureLayout gives the figure's size and a box for every label and line its SVG draws", () => {
  for (const [view, width] of [
    ["composite", 220],
    ["global", 455],
    ["topk", 300],
    ["histogram", 455],
  ] as const) {
    const f = figureLayout(view === "global" ? corpus : inst, { view, width, token: 9, title: "A title", caption: "A caption." });
    const root = parseSvg(f.svg);
    assert.equal(root.attrs.viewBox, `0 0 ${f.width} ${f.height}`);
    const texts = drawn(root).filter((t) => t !== "");
    assert.deepEqual(
      f.boxes.filter((b) => b.text !== "").map((b) => b.text),
      texts,
      view,
    );
    assert.equal(f.boxes.filter((b) => b.text === "").length, drawn(root).length - texts.length, view);
    for (const b of f.boxes) {
      const inside = b.x0 > -10 && b.x1 < width + 10 && b.y0 > -10 && b.y1 < f.height + 10;
      assert.ok(b.x0 <= b.x1 && b.y0 <= b.y1 && inside, `${view}: ${JSON.stringify(b)}`);
    }
  }
});

test("figureSVG scales a view down when its labels would collide at the width, keeping token text at fontSize", () => {
  // At one column of a two-column paper the panel titles of the step plots are wider than the panels.
  const svg = figureSVG(inst, { view: "plots", width: 220 });
  const m = /class="lmdiff-fit" transform="scale\(([\d.]+)\)"/.exec(svg);
  assert.ok(m, "plots at 220 pt are fitted");
  assert.ok(+m[1] >= 0.6 && +m[1] < 1);
  const comp = figureSVG(inst, { view: "composite", width: 220, fontSize: 10 });
  const s = +/scale\(([\d.]+)\)/.exec(comp)![1];
  const fs = +/class="lmdiff-strip"[^>]*font-size="([\d.]+)"/.exec(comp)![1];
  assert.ok(Math.abs(fs * s - 10) < 0.05, `token text prints at 10 pt (got ${fs} × ${s})`);
});

test("figureSVG with legend false leaves the colour legend out", () => {
  assert.match(figureSVG(inst, { view: "strip" }), /lmdiff-legend/);
  assert.doesNotMatch(figureSVG(inst, { view: "strip", legend: false }), /lmdiff-legend/);
  assert.doesNotMatch(figureSVG(inst, { view: "composite", legend: false }), /lmdiff-legend/);
});

test("figureSVG defaults to the global view for a corpus and the composite for a text", () => {
  assert.match(figureSVG(corpus), /lmdiff-global-histogram/);
  const svg = figureSVG(inst);
  assert.match(svg, /lmdiff-strip/);
  assert.match(svg, /lmdiff-steps/);
});

test("figureSVG refuses data of the wrong kind, a missing token and a width too narrow, in one line", () => {
  assertOneLineError(() => figureSVG(inst, { view: "global" }), /global view needs a corpus/);
  assertOneLineError(() => figureSVG(corpus, { view: "strip" }), /strip view needs one text/);
  assertOneLineError(() => figureSVG(inst, { view: "topk" }), /topk view needs a token index \(option token, 0 to 11\)/);
  assertOneLineError(() => figureSVG(inst, { view: "topk", token: 12 }), /invalid token 12/);
  // A win count longer than the width cannot wrap, and shrinking it to fit would print it under 6 pt.
  const longNames: InstanceData = {
    ...inst,
    models: [
      { name: "Qwen2.5-0.5B-Instruct-finetuned", spec: "a" },
      { name: "Qwen2.5-0.5B-Instruct-distilled", spec: "b" },
    ],
  };
  assertOneLineError(
    () => figureSVG(longNames, { view: "histogram", width: 200 }),
    /does not fit in 200 pt .*make it at least \d+ pt wide/,
  );
  assertOneLineError(() => figureSVG(corpus, { measure: "rank_1" }), /unknown measure "rank_1"/);
});

test("figureSVG escapes a title and caption with XML specials", () => {
  const svg = figureSVG(inst, { view: "strip", title: 'a <b> & "c"', caption: "x < y" });
  assert.match(svg, /a &lt;b&gt; &amp; &quot;c&quot;/);
  assert.doesNotThrow(() => parseSvg(svg));
});
