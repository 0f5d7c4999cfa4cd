import assert from "node:assert/strict";
import { test } from "node:test";
import { figureFrame, stackFigures, wrapWords } from "../../src/export/figureFrame.js";
import { figureOptions } from "../../src/export/figureOptions.js";
import { parseSvg } from "../../src/export/parseSvg.js";
import { dejavuTextWidth } from "../../src/export/dejavuMetrics.js";

test("wrapWords breaks at spaces within the width and keeps newlines", () => {
  const lines = wrapWords("the quick brown fox jumps over the lazy dog", 80, 10);
  assert.ok(lines.length > 1);
  for (const l of lines) assert.ok(dejavuTextWidth(l, 10, "sans") <= 80, l);
  assert.equal(lines.join(" "), "the quick brown fox jumps over the lazy dog");
  assert.deepEqual(wrapWords("a\nb", 100, 10), ["a", "b"]);
  assert.deepEqual(wrapWords("supercalifragilistic", 20, 10), ["supercalifragilistic"]);
});

test("stackFigures stacks with a 14-unit gap", () => {
  const f = stackFigures([{ width: 10, height: 5, body: "<g/>" }, { width: 10, height: 7, body: "<g/>" }], 10);
  assert.equal(f.height, 26);
  assert.match(f.body, /translate\(0,19\)/);
});

test("figureFrame adds a white page, title and caption, and sizes the root in points", () => {
  const o = figureOptions({ width: 300, title: "T", caption: "C" });
  const svg = figureFrame({ width: 292, height: 100, body: "<g/>" }, o);
  const root = parseSvg(svg);
  assert.equal(root.attrs.width, "300pt");
  assert.match(svg, /<rect class="background" x="0" y="0" width="300" height="\d+" fill="#ffffff"\/>/);
  assert.match(svg, /class="lmdiff-title".*>T<\/text>/);
  assert.match(svg, /class="lmdiff-caption".*>C<\/text>/);
  assert.equal(root.attrs["font-family"], "'DejaVu Sans', sans-serif");
});
