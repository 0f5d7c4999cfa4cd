import assert from "node:assert/strict";
import { test } from "node:test";
import { dejavuTextWidth } from "../../src/export/dejavuMetrics.js";

test("dejavuTextWidth uses DejaVu's advances: digits 0.636 em, mono 0.6 em per cell", () => {
  assert.equal(dejavuTextWidth("0000", 10, "sans"), 25.44);
  assert.equal(dejavuTextWidth("abc", 10, "mono"), 18);
  assert.equal(dejavuTextWidth("😀", 10, "mono"), 12);
  assert.ok(dejavuTextWidth("model", 10, "sans", true) > dejavuTextWidth("model", 10, "sans"));
  assert.ok(dejavuTextWidth("model", 10, "serif") !== dejavuTextWidth("model", 10, "sans"));
});

test("dejavuTextWidth counts unknown characters conservatively", () => {
  assert.equal(dejavuTextWidth("ж", 10, "sans"), 6.5);
  assert.equal(dejavuTextWidth("中", 10, "sans"), 10);
  assert.equal(dejavuTextWidth("", 10, "sans"), 0);
});
