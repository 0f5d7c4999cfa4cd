import assert from "node:assert/strict";
import { test } from "node:test";
import { MIN_TEXT_GAP, textCollisions } from "../../src/export/textCollisions.js";
import type { TextBox } from "../../src/render/markBoxes.js";

const box = (text: string, x0: number, x1: number, y0 = 0, y1 = 10): TextBox => ({ text, x0, x1, y0, y1 });

test("textCollisions finds overlapping labels, labels crossing a line, and labels past the edge", () => {
  const boxes = [box("a", 0, 50), box("b", 40, 90), box("", 95, 96, -5, 15), box("c", 94, 120, 0, 10), box("d", 190, 210, 20, 30)];
  const p = textCollisions(boxes, 200);
  assert.deepEqual(p, ['"d" runs past the edge', '"a" overlaps "b"', '"c" overlaps "a line"']);
});

test("textCollisions counts two labels closer than MIN_TEXT_GAP on one line as colliding", () => {
  assert.equal(textCollisions([box("a", 0, 10), box("b", 10 + MIN_TEXT_GAP - 1, 40)], 100).length, 1);
  assert.deepEqual(textCollisions([box("a", 0, 10), box("b", 10 + MIN_TEXT_GAP, 40)], 100), []);
});

test("textCollisions lets lines cross each other, labels sit on separate lines, and labels reach into the margin", () => {
  const crossing = [box("", 0, 100, 4, 6), box("", 49, 51, 0, 50), box("a", 0, 40, 10, 20), box("b", 0, 40, 20, 30)];
  assert.deepEqual(textCollisions(crossing, 200), []);
  assert.deepEqual(textCollisions([box("a", -3, 20), box("b", 180, 203, 20, 30)], 200, 0.5, 4), []);
});
