import assert from "node:assert/strict";
import { test } from "node:test";
import { binValues, valueDomain } from "../../src/render/binValues.js";

test("binValues counts every finite value once, the maximum in the last bin", () => {
  const b = binValues([0, 0.5, 1, 1, 2], 0, 2, 4);
  assert.deepEqual(Array.from(b.counts), [1, 1, 2, 1]);
  assert.equal(b.skipped, 0);
});

test("binValues counts NaN and out-of-range values apart", () => {
  const b = binValues([NaN, -1, 0.2, 5], 0, 1, 2);
  assert.deepEqual(Array.from(b.counts), [1, 0]);
  assert.equal(b.skipped, 3);
});

test("binValues counts sum to n for random data", () => {
  const v = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
  const [lo, hi] = valueDomain(v, true);
  const b = binValues(v, lo, hi, 37);
  assert.equal(
    b.counts.reduce((a, c) => a + c, 0),
    1000,
  );
});

test("valueDomain is never empty and is symmetric when asked", () => {
  assert.deepEqual(valueDomain([], true), [-1, 1]);
  assert.deepEqual(valueDomain([0, 0], true), [-1, 1]);
  assert.deepEqual(valueDomain([3], false), [2.5, 3.5]);
  assert.deepEqual(valueDomain([-2, 1, NaN], true), [-2, 2]);
  assert.deepEqual(valueDomain([1, 4], false), [1, 4]);
});
