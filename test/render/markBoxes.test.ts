import assert from "node:assert/strict";
import { test } from "node:test";
import { labelWidth } from "../../src/render/labelWidth.js";
import { markBoxes } from "../../src/render/markBoxes.js";
import { emptyMarks, markedLine, markedText } from "../../src/render/marks.js";

test("markBoxes places labels by anchor and size, 0.8 em above the baseline and 0.2 em below", () => {
  const m = emptyMarks();
  markedText(m, { x: 100, y: 20, "font-size": 10 }, "00");
  markedText(m, { x: 50, y: 20, "font-size": 10, "text-anchor": "end" }, "00");
  markedText(m, { x: 50, y: 20, "font-size": 10, "text-anchor": "middle" }, "00");
  const w = labelWidth("00", 10);
  assert.deepEqual(markBoxes(m), [
    { text: "00", x0: 100, x1: 100 + w, y0: 12, y1: 22 },
    { text: "00", x0: 50 - w, x1: 50, y0: 12, y1: 22 },
    { text: "00", x0: 50 - w / 2, x1: 50 + w / 2, y0: 12, y1: 22 },
  ]);
});

test("markBoxes measures labels in the figure's label font and token text in the 0.6 em monospace", () => {
  const m = emptyMarks();
  markedText(m, { x: 0, y: 0, "font-size": 10, "font-weight": 700 }, "model");
  markedText(m, { x: 0, y: 0 }, "abc", { fontSize: 10, mono: true });
  const [sans, mono] = markBoxes(m);
  const [serif] = markBoxes(m, "serif");
  assert.equal(sans.x1, labelWidth("model", 10, true));
  assert.equal(serif.x1, labelWidth("model", 10, true, "serif"));
  assert.notEqual(serif.x1, sans.x1);
  assert.equal(mono.x1, 18);
});

test('markBoxes gives lines as boxes of their stroke with text "", and skips empty labels', () => {
  const m = emptyMarks();
  markedText(m, { x: 0, y: 0 }, "");
  markedLine(m, { x1: 10, y1: 5, x2: 0, y2: 5, "stroke-width": 2 });
  assert.deepEqual(markBoxes(m), [{ text: "", x0: -1, x1: 11, y0: 4, y1: 6 }]);
  assert.deepEqual(markBoxes(undefined), []);
});
