import assert from "node:assert/strict";
import { test } from "node:test";
import { fitFigure, MIN_SCALE } from "../../src/export/fitFigure.js";
import { el, text, type Figure } from "../../src/render/svg.js";

/** A figure with a 10-unit label at the left and one at the right edge: they meet below about 121 units. */
const draw = (w: number): Figure => ({
  width: w,
  height: 20,
  body: el("g", {}, [text({ x: 0, y: 12, "font-size": 10 }, "left label text"), text({ x: w, y: 12, "font-size": 10, "text-anchor": "end" }, "right label")]),
});

test("fitFigure(draw, width) keeps a figure that fits unscaled", () => {
  const f = fitFigure(draw, 400, "sans-serif");
  assert.equal(f.scale, 1);
  assert.equal(f.body, draw(400).body);
});

test("fitFigure draws wider and scales down when labels collide", () => {
  const f = fitFigure(draw, 110, "sans-serif");
  assert.ok(f.scale < 1 && f.scale >= MIN_SCALE, String(f.scale));
  assert.equal(f.width, 110);
  assert.match(f.body, /^<g class="lmdiff-fit" transform="scale\(0\.\d+\)">/);
  assert.deepEqual(f.collisions, []);
});

test("fitFigure reports the collisions and the width needed when it would have to shrink below MIN_SCALE", () => {
  const f = fitFigure(draw, 60, "sans-serif");
  assert.ok(f.collisions.length > 0);
  assert.ok(f.minWidth !== null && f.minWidth > 60);
  assert.equal(fitFigure(draw, f.minWidth!, "sans-serif").collisions.length, 0);
});
