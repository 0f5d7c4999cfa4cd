import assert from "node:assert/strict";
import { test } from "node:test";
import { topIndices } from "../../src/core/topIndices.js";

test("topIndices(values, k, 'abs') returns the largest absolute values first", () => {
  assert.deepEqual(Array.from(topIndices([0.1, -0.5, 0.3, -0.2], 3, "abs")), [1, 2, 3]);
});

test("topIndices with 'desc' and 'asc' picks the largest and the smallest", () => {
  const v = [3, -1, 7, 0, 5];
  assert.deepEqual(Array.from(topIndices(v, 2, "desc")), [2, 4]);
  assert.deepEqual(Array.from(topIndices(v, 2, "asc")), [1, 3]);
});

test("topIndices puts NaN last, in index order, only when numbers run out", () => {
  assert.deepEqual(Array.from(topIndices([NaN, 1, NaN, -2], 4, "abs")), [3, 1, 0, 2]);
  assert.deepEqual(Array.from(topIndices([NaN, 1, NaN, -2], 2, "abs")), [3, 1]);
});

test("topIndices breaks ties by index and clamps k", () => {
  assert.deepEqual(Array.from(topIndices([1, -1, 1, 1], 10, "abs")), [0, 1, 2, 3]);
  assert.equal(topIndices([], 5).length, 0);
  assert.equal(topIndices([1, 2], 0).length, 0);
});

test("topIndices agrees with a full sort on random data", () => {
  let s = 42;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  const v = Array.from({ length: 5000 }, rnd);
  for (const order of ["abs", "desc", "asc"] as const) {
    const key = (x: number) => (order === "abs" ? Math.abs(x) : order === "desc" ? x : -x);
    const expected = v
      .map((_, i) => i)
      .sort((a, b) => key(v[b]) - key(v[a]) || a - b)
      .slice(0, 50);
    assert.deepEqual(Array.from(topIndices(v, 50, order)), expected);
  }
});
