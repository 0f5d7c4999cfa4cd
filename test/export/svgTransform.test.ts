import assert from "node:assert/strict";
import { test } from "node:test";
import { multiply, parseTransform } from "../../src/export/svgTransform.js";

test("parseTransform reads translate, scale and matrix lists, applied left to right", () => {
  assert.deepEqual(parseTransform("translate(4,5)"), [1, 0, 0, 1, 4, 5]);
  assert.deepEqual(parseTransform("scale(2)"), [2, 0, 0, 2, 0, 0]);
  assert.deepEqual(parseTransform("translate(10 0) scale(2)"), [2, 0, 0, 2, 10, 0]);
  assert.deepEqual(parseTransform("matrix(1,0,0,1,3,4)"), [1, 0, 0, 1, 3, 4]);
  assert.deepEqual(parseTransform(undefined), [1, 0, 0, 1, 0, 0]);
});

test("multiply(m, n) applies n first", () => {
  assert.deepEqual(multiply([2, 0, 0, 2, 0, 0], [1, 0, 0, 1, 5, 0]), [2, 0, 0, 2, 10, 0]);
});

test("parseTransform refuses rotate and garbage", () => {
  assert.throws(() => parseTransform("rotate(45)"), /unsupported SVG transform "rotate\(45\)"/);
  assert.throws(() => parseTransform("translate(a)"), /unsupported SVG transform/);
});
