import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { alignedFigure, alignedFigureParts } from "../../src/render/alignedFigure.ts";
import { markBoxes } from "../../src/render/markBoxes.ts";
import { textCollisions } from "../../src/export/textCollisions.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";
import { svgSnapshot } from "../helpers/svgSnapshot.ts";

const DIR = path.join(__dirname, "__snapshots__");
const d = alignedFixture();

test("alignedFigure snapshot renders as committed", () => {
  svgSnapshot(DIR, "aligned-figure", alignedFigure(d, { width: 600 }));
});

test("alignedFigure stacks the header, legend, strip, bits plot and histogram", () => {
  const svg = alignedFigure(d, { width: 600 });
  const order = ["lmdiff-aligned-header", "lmdiff-legend", "lmdiff-aligned-strip", "lmdiff-bits-plot", "lmdiff-measure-histogram"].map(
    (c) => svg.indexOf(`class="${c}"`),
  );
  assert.ok(order.every((i) => i >= 0));
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
  );
});

test("alignedFigure states each model's bits per byte, in pseudo-bits (PLL) for the masked model", () => {
  const svg = alignedFigure(d, { width: 800 });
  assert.ok(svg.includes(`${(d.total1 / d.bytes).toFixed(3)} bits per byte`));
  assert.ok(svg.includes(`${(d.total2 / d.bytes).toFixed(3)} pseudo-bits per byte (PLL`));
});

test("alignedFigureParts without a legend leaves it out, and its labels never collide", () => {
  const f = alignedFigureParts(d, { width: 600 }, { legend: false });
  assert.ok(!f.body.includes('class="lmdiff-legend"'));
  for (const width of [320, 600]) {
    const g = alignedFigureParts(d, { width });
    assert.deepEqual(textCollisions(markBoxes(g.marks), g.width), [], `width ${width}`);
  }
});
