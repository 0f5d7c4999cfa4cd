import assert from "node:assert/strict";
import { test } from "node:test";
import { singleValue } from "../../src/render/singleValue.js";

test("singleValue gives the value all finite entries share, ignoring NaN", () => {
  assert.equal(singleValue([0, 0, NaN, 0]), 0);
  assert.equal(singleValue([2.5, 2.5]), 2.5);
  assert.ok(Object.is(singleValue([-0, 0]), 0));
});

test("singleValue is null for differing values and for no finite value", () => {
  assert.equal(singleValue([0, 1e-9]), null);
  assert.equal(singleValue([]), null);
  assert.equal(singleValue([NaN, Infinity]), null);
});
