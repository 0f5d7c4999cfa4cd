import assert from "node:assert/strict";
import { test } from "node:test";
import { labelWidth } from "../../src/render/labelWidth.js";
import { textWidth } from "../../src/render/textWidth.js";

test("labelWidth uses DejaVu Sans's advances: digits 0.636 em", () => {
  assert.equal(labelWidth("0000", 10), 25.44);
  assert.ok(labelWidth("model", 10, true) > labelWidth("model", 10));
});

test('labelWidth(s, size, bold, "serif") measures with DejaVu Serif', () => {
  assert.notEqual(labelWidth("model", 10, false, "serif"), labelWidth("model", 10));
  assert.ok(labelWidth("model", 10, true, "serif") > labelWidth("model", 10, false, "serif"));
});

test("labelWidth is narrower than the 0.6 em estimate for lower-case labels", () => {
  assert.ok(labelWidth("model 2 (tiny-en-distil)", 10) < textWidth("model 2 (tiny-en-distil)", 10) - 20);
  assert.equal(labelWidth("", 10), 0);
});

test("labelWidth counts unknown characters conservatively", () => {
  assert.equal(labelWidth("ж", 10), 6.5);
  assert.equal(labelWidth("中", 10), 10);
});
