import assert from "node:assert/strict";
import { test } from "node:test";
import { svgSize } from "../../src/export/svgSize.js";

test("svgSize reads the viewBox and the physical size in points", () => {
  assert.deepEqual(svgSize(`<svg width="455pt" height="200pt" viewBox="0 0 455 200">`), {
    x: 0,
    y: 0,
    width: 455,
    height: 200,
    widthPt: 455,
    heightPt: 200,
  });
  assert.deepEqual(svgSize(`<svg width="800" height="100" viewBox="0 0 800 100">`), {
    x: 0,
    y: 0,
    width: 800,
    height: 100,
    widthPt: 600,
    heightPt: 75,
  });
  assert.deepEqual(svgSize(`<svg width="2in" height="1in">`), { x: 0, y: 0, width: 192, height: 96, widthPt: 144, heightPt: 72 });
});

test("svgSize refuses an SVG without a size", () => {
  assert.throws(() => svgSize("<svg>"), /neither a viewBox nor a width and height/);
  assert.throws(() => svgSize(`<svg width="50%" height="1">`), /not a length/);
  assert.throws(() => svgSize("<div>"), /not an SVG document/);
});

test("svgSize of a paper figure's layout takes its size in points without reading the SVG", () => {
  assert.deepEqual(svgSize({ svg: "not read", width: 455, height: 120 }), {
    x: 0,
    y: 0,
    width: 455,
    height: 120,
    widthPt: 455,
    heightPt: 120,
  });
});
