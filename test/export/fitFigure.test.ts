import assert from "node:assert/strict";
import { test } from "node:test";
import { fitFigure, MIN_SCALE } from "../../src/export/fitFigure.js";
import { emptyMarks, markedText } from "../../src/render/marks.js";
import { el, type Figure } from "../../src/render/svg.js";

/** A figure with a 10-unit label at the left and one at the right edge: they meet below about 121 units. */
const draw = (w: number): Figure => {
  const marks = emptyMarks();
  const body = el("g", {}, [
    markedText(marks, { x: 0, y: 12, "font-size": 10 }, "left label text"),
    markedText(marks, { x: w, y: 12, "font-size": 10, "text-anchor": "end" }, "right label"),
  ]);
  return { width: w, height: 20, body, marks };
};

test("fitFigure(draw, width) keeps a figure that fits unscaled", () => {
  const f = fitFigure(draw, 400, "sans");
  assert.equal(f.scale, 1);
  assert.equal(f.body, draw(400).body);
});

test("fitFigure draws wider and scales down, marks included, when labels collide", () => {
  const f = fitFigure(draw, 110, "sans");
  assert.ok(f.scale < 1 && f.scale >= MIN_SCALE, String(f.scale));
  assert.equal(f.width, 110);
  assert.match(f.body, /^<g class="lmdiff-fit" transform="scale\(0\.\d+\)">/);
  assert.deepEqual(f.collisions, []);
  assert.ok(Math.abs(f.marks!.texts[1].x - 110) < 0.5, "the right label stays at the right edge");
  assert.ok(Math.abs(f.marks!.texts[1].fontSize - 10 * f.scale) < 1e-9);
});

test("fitFigure reports the collisions and the width needed when it would have to shrink below MIN_SCALE", () => {
  const f = fitFigure(draw, 60, "sans");
  assert.ok(f.collisions.length > 0);
  assert.ok(f.minWidth !== null && f.minWidth > 60);
  assert.equal(fitFigure(draw, f.minWidth, "sans").collisions.length, 0);
});

test("fitFigure measures labels in the given font: the wider serif labels need scaling where sans ones fit", () => {
  assert.equal(fitFigure(draw, 122, "sans").scale, 1);
  assert.ok(fitFigure(draw, 122, "serif").scale < 1);
});
