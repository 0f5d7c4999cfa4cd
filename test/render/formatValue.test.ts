import assert from "node:assert/strict";
import { test } from "node:test";
import { formatProb, formatValue } from "../../src/render/formatValue.js";

test("formatValue keeps 3 significant digits and names NaN and infinities", () => {
  assert.equal(formatValue(0.123456), "0.123");
  assert.equal(formatValue(-1234.5), "−1,235");
  assert.equal(formatValue(999.4), "999");
  assert.equal(formatValue(NaN), "n/a");
  assert.equal(formatValue(-Infinity), "−∞");
});

test("formatProb writes percentages and marks tiny probabilities", () => {
  assert.equal(formatProb(0.5), "50.0%");
  assert.equal(formatProb(0.0001), "<0.1%");
  assert.equal(formatProb(0), "0.0%");
});
