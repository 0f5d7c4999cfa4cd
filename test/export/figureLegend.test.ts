import assert from "node:assert/strict";
import { test } from "node:test";
import { computeMeasure } from "../../src/core/measures.js";
import { figureLegend } from "../../src/export/figureLegend.js";
import { parseSvg } from "../../src/export/parseSvg.js";
import { textBoxes, textCollisions } from "../../src/export/textBoxes.js";
import { colorScale } from "../../src/render/colorScale.js";
import { legendWords } from "../../src/render/legend.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { svgRoot } from "../../src/render/svg.js";
import { fixtureInstance } from "../fixtures/instance.js";

const d = fixtureInstance();
const o = renderOptions({});
const scale = colorScale(o.measure, computeMeasure(o.measure, d.m1, d.m2, d.k, d.maxClampRank), o, d.k);

test("figureLegend says what the colours mean in render's words", () => {
  const svg = svgRoot(figureLegend(o.measure, d.models, scale, 600));
  for (const w of legendWords(o.measure, d.models, scale)) assert.ok(svg.includes(w), w);
});

test("figureLegend wraps its sentences and moves the bar under the name in a narrow figure", () => {
  for (const width of [200, 300, 600]) {
    const f = figureLegend(o.measure, d.models, scale, width);
    assert.deepEqual(textCollisions(textBoxes(parseSvg(svgRoot(f))), width), [], `at ${width}`);
  }
  assert.ok(figureLegend(o.measure, d.models, scale, 200).height > figureLegend(o.measure, d.models, scale, 600).height);
});
