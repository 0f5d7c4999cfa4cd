import assert from "node:assert/strict";
import { test } from "node:test";
import { computeMeasure } from "../../src/core/measures.js";
import { colorScale } from "../../src/render/colorScale.js";
import { corpusValues } from "../../src/render/corpusValues.js";
import { globalHistogramFigure } from "../../src/render/globalHistogram.js";
import { instanceFigureParts } from "../../src/render/instanceFigure.js";
import { legendFigure } from "../../src/render/legend.js";
import { emptyMarks, joinMarks, markedLine, markedText, placeMarks } from "../../src/render/marks.js";
import { measureHistogramFigure } from "../../src/render/measureHistogram.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { stepPlotsFigure } from "../../src/render/stepPlots.js";
import { escapeXml, text, type Figure } from "../../src/render/svg.js";
import { tokenStripBands, tokenStripFigure } from "../../src/render/tokenStrip.js";
import { topkTableFigure } from "../../src/render/topkTable.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";

test("markedText writes the same <text> as text() and records its anchor, size, weight and font", () => {
  const m = emptyMarks();
  const a = { x: 10.004, y: 20, "font-size": 11, "font-weight": 600, "text-anchor": "end", fill: "currentColor" };
  assert.equal(markedText(m, a, "a <b>"), text(a, "a <b>"));
  assert.deepEqual(m.texts, [{ text: "a <b>", x: 10, y: 20, fontSize: 11, anchor: "end", bold: true, mono: false }]);
});

test("markedText takes size and font from the group when the text sets none, and keeps the text as XML holds it", () => {
  const m = emptyMarks();
  markedText(m, { x: 0, y: 0 }, "bell\u0007", { fontSize: 9, mono: true });
  markedText(m, { x: 0, y: 0, "font-family": "ui-monospace, monospace" }, "x");
  markedText(m, { x: 0, y: 0, "font-weight": 400 }, "y");
  assert.deepEqual(
    m.texts.map((t) => [t.text, t.fontSize, t.mono, t.bold]),
    [
      ["bell\u2407", 9, true, false],
      ["x", 16, true, false],
      ["y", 16, false, false],
    ],
  );
});

test("markedLine writes the <line> and records its ends and stroke width (1 by default)", () => {
  const m = emptyMarks();
  assert.equal(markedLine(m, { x1: 0, y1: 1, x2: 5, y2: 1, "stroke-width": 2 }), '<line x1="0" y1="1" x2="5" y2="1" stroke-width="2"/>');
  markedLine(m, { x1: 1, y1: 2, x2: 3, y2: 4 });
  assert.deepEqual(m.lines, [
    { x1: 0, y1: 1, x2: 5, y2: 1, strokeWidth: 2 },
    { x1: 1, y1: 2, x2: 3, y2: 4, strokeWidth: 1 },
  ]);
});

test("placeMarks translates and scales marks as translate(dx, dy) scale(k) does, and joinMarks concatenates", () => {
  const m = emptyMarks();
  markedText(m, { x: 10, y: 20, "font-size": 10 }, "a");
  markedLine(m, { x1: 0, y1: 0, x2: 10, y2: 0 });
  const p = placeMarks(m, 4, 6, 0.5);
  assert.deepEqual([p.texts[0].x, p.texts[0].y, p.texts[0].fontSize], [9, 16, 5]);
  assert.deepEqual(p.lines[0], { x1: 4, y1: 6, x2: 9, y2: 6, strokeWidth: 0.5 });
  assert.equal(placeMarks(m, 0, 0.004).texts[0].y, 20, "offsets rounded to 2 decimals, as translate() writes them");
  assert.deepEqual(placeMarks(undefined, 1, 1), emptyMarks());
  assert.equal(joinMarks([m, p]).texts.length, 2);
});

/** The non-empty <text> contents (as escaped in the SVG) and the number of <line>s of a figure, in document order. */
function drawn(f: Figure): { texts: string[]; lines: number } {
  const texts = [...f.body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((t) => t !== "");
  return { texts, lines: (f.body.match(/<line /g) ?? []).length };
}

test("every chart of the render core records each label and line it draws as a mark", () => {
  const inst = fixtureInstance();
  const corpus = fixtureCorpus();
  const o = renderOptions({ width: 500, highlight: 3, brush: [-0.05, 0.1], outliers: 3 });
  const values = computeMeasure(o.measure, inst.m1, inst.m2, inst.k, inst.maxClampRank);
  const scale = colorScale(o.measure, values, o, inst.k);
  const charts: [string, Figure][] = [
    ["legend", legendFigure(o.measure, inst.models, scale, 260)],
    ["strip", tokenStripFigure(inst, values, scale, o)],
    ["strip band", tokenStripBands(inst, values, scale, o, 1)[1]],
    ["empty strip", tokenStripFigure({ ...inst, tokens: [] }, values, scale, o)],
    ["plots", stepPlotsFigure(inst, o)],
    ["measure histogram", measureHistogramFigure(o.measure, values, inst.models, scale, o)],
    ["global histogram", globalHistogramFigure(corpus, o, corpusValues(corpus, o))],
    ["top-k table", topkTableFigure(inst, 9, o)],
    ["composite", instanceFigureParts(inst, { width: 300 })],
  ];
  for (const [name, f] of charts) {
    const d = drawn(f);
    assert.deepEqual(
      f.marks!.texts.filter((t) => t.text !== "").map((t) => escapeXml(t.text)),
      d.texts,
      name,
    );
    assert.equal(f.marks!.lines.length, d.lines, name);
  }
});
