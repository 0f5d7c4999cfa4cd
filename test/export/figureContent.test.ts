import assert from "node:assert/strict";
import { test } from "node:test";
import { computeMeasure } from "../../src/core/measures.js";
import { figureContent } from "../../src/export/figureContent.js";
import { figureOptions } from "../../src/export/figureOptions.js";
import { colorScale } from "../../src/render/colorScale.js";
import { instanceFigureParts } from "../../src/render/instanceFigure.js";
import { legendFigure } from "../../src/render/legend.js";
import { stackFigures } from "../../src/render/stackFigures.js";
import { tokenStripFigure } from "../../src/render/tokenStrip.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";

const inst = fixtureInstance();

test("figureContent(data, strip) is render's legend, in the paper's label font, stacked above render's strip", () => {
  const o = figureOptions({ view: "strip", fontFamily: "serif" });
  const r = { ...o.render, width: 300 };
  const values = computeMeasure(r.measure, inst.m1, inst.m2, inst.k, inst.maxClampRank);
  const scale = colorScale(r.measure, values, r, inst.k);
  const expected = stackFigures([legendFigure(r.measure, inst.models, scale, 300, "serif"), tokenStripFigure(inst, values, scale, r)], 300);
  assert.deepEqual(figureContent(inst, o, 300), expected);
});

test("figureContent(data, composite) is render's composite figure, and legend false leaves its legend out", () => {
  const o = figureOptions({ view: "composite", fontSize: 12 });
  assert.deepEqual(figureContent(inst, o, 400), instanceFigureParts(inst, { ...o.render, width: 400 }));
  const bare = figureContent(inst, figureOptions({ view: "composite", legend: false }), 400);
  assert.doesNotMatch(bare.body, /lmdiff-legend/);
});

test("figureContent draws token text at the fontSize it is given (1/scale larger for a figure that will be shrunk)", () => {
  const f = figureContent(inst, figureOptions({ view: "strip", fontSize: 10 }), 500, 12.5);
  assert.match(f.body, /class="lmdiff-strip"[^>]*font-size="12.5"/);
  assert.ok(f.marks!.texts.some((t) => t.mono && t.fontSize === 12.5));
});

test("figureContent's marks hold every label of the global view, legend included", () => {
  const f = figureContent(fixtureCorpus(), figureOptions({ view: "global" }, "global"), 455);
  const labels = f.marks!.texts.map((t) => t.text);
  assert.ok(labels.includes("probability difference"));
  assert.ok(
    labels.some((t) => /texts/.test(t)),
    "the histogram's caption",
  );
});
