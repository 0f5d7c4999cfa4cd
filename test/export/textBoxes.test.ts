import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSvg } from "../../src/export/parseSvg.js";
import { lineBoxes, textBoxes, textCollisions } from "../../src/export/textBoxes.js";

const svg = (body: string) => parseSvg(`<svg font-family="sans-serif">${body}</svg>`);

test("textBoxes places text by anchor, font size and enclosing transforms", () => {
  const [a, b] = textBoxes(svg(`<g transform="translate(100,0) scale(2)"><text x="0" y="10" font-size="10">0</text></g><text x="50" y="20" font-size="10" text-anchor="end">00</text>`));
  assert.deepEqual([a.x0, a.x1, a.y0, a.y1].map((v) => Math.round(v * 100) / 100), [100, 112.72, 4, 24]);
  assert.deepEqual([b.x0, b.x1].map((v) => Math.round(v * 100) / 100), [37.28, 50]);
});

test("textCollisions finds overlapping labels, labels crossing a line, and labels past the edge", () => {
  const root = svg(`<text x="0" y="10" font-size="10">overlapping</text><text x="20" y="12" font-size="10">text</text><line x1="90" x2="110" y1="30" y2="30" stroke-width="2"/><text x="95" y="33" font-size="10">x</text><text x="190" y="60" font-size="10">edge</text>`);
  const p = textCollisions([...textBoxes(root), ...lineBoxes(root)], 200);
  assert.deepEqual(p.sort(), ['"a line" overlaps "x"', '"edge" runs past the edge', '"overlapping" overlaps "text"'].sort());
});

test("textCollisions lets lines cross each other and labels sit side by side", () => {
  const root = svg(`<line x1="0" x2="100" y1="5" y2="5"/><line x1="50" x2="50" y1="0" y2="10"/><text x="0" y="30" font-size="10">ab</text><text x="16" y="30" font-size="10">cd</text>`);
  assert.deepEqual(textCollisions([...textBoxes(root), ...lineBoxes(root)], 200), []);
});
