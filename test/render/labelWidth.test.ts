import assert from "node:assert/strict";
import { test } from "node:test";
import { dejavuTextWidth } from "../../src/export/dejavuMetrics.js";
import { labelWidth } from "../../src/render/labelWidth.js";
import { textWidth } from "../../src/render/textWidth.js";

test("labelWidth measures with DejaVu Sans, as the figure export does", () => {
  assert.equal(labelWidth("model 1 (tiny-en)", 10), dejavuTextWidth("model 1 (tiny-en)", 10, "sans"));
  assert.equal(labelWidth("model", 11, true), dejavuTextWidth("model", 11, "sans", true));
});

test("labelWidth is narrower than the 0.6 em estimate for lower-case labels", () => {
  assert.ok(labelWidth("model 2 (tiny-en-distil)", 10) < textWidth("model 2 (tiny-en-distil)", 10) - 20);
  assert.equal(labelWidth("", 10), 0);
});
