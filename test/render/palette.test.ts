import assert from "node:assert/strict";
import { test } from "node:test";
import { palette } from "../../src/render/palette.js";

test("palette rdbu gives model 1 red #d6604d and model 2 blue #4393c3", () => {
  const p = palette("rdbu");
  assert.equal(p.model1, "#d6604d");
  assert.equal(p.model2, "#4393c3");
  assert.equal(p.side1[3], p.model1);
  assert.equal(p.side2[3], p.model2);
  assert.equal(p.side1[0], "#ffffff");
});

test("palette grayscale makes model 2's lines dashed", () => {
  const p = palette("rdbu", true);
  assert.equal(p.model1Dash, "");
  assert.notEqual(p.model2Dash, "");
  assert.deepEqual(p.side1, p.side2);
});
