import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyMarks, markedText } from "../../src/render/marks.js";
import { stackFigures, STACK_GAP } from "../../src/render/stackFigures.js";
import type { Figure } from "../../src/render/svg.js";

const labelled = (height: number, label: string): Figure => {
  const marks = emptyMarks();
  return { width: 10, height, body: markedText(marks, { x: 1, y: 2 }, label), marks };
};

test("stackFigures stacks top to bottom with a 14-unit gap and moves each piece's marks with it", () => {
  const f = stackFigures([labelled(5, "a"), labelled(7, "b")], 10);
  assert.equal(STACK_GAP, 14);
  assert.equal(f.height, 26);
  assert.match(f.body, /^<g transform="translate\(0,0\)">.*<g transform="translate\(0,19\)">/);
  assert.deepEqual(
    f.marks!.texts.map((t) => [t.text, t.y]),
    [
      ["a", 2],
      ["b", 21],
    ],
  );
});

test("stackFigures takes another gap, and pieces without marks", () => {
  const f = stackFigures([{ width: 10, height: 5, body: "<g/>" }, labelled(7, "b")], 10, 18);
  assert.equal(f.height, 30);
  assert.deepEqual(
    f.marks!.texts.map((t) => t.y),
    [25],
  );
});

test("stackFigures of nothing is empty", () => {
  assert.deepEqual(stackFigures([], 10), { width: 10, height: 0, body: "", marks: { texts: [], lines: [] } });
});
