import assert from "node:assert/strict";
import { test } from "node:test";
import { dejavuFace, fontKind, isBold } from "../../src/export/fontKind.js";
import { MONO_FONT } from "../../src/render/tokenStrip.js";

test("fontKind maps CSS family lists to DejaVu Sans Mono, Serif or Sans", () => {
  assert.equal(fontKind(MONO_FONT), "mono");
  assert.equal(fontKind("system-ui, -apple-system, 'Segoe UI', sans-serif"), "sans");
  assert.equal(fontKind("'DejaVu Serif', serif"), "serif");
  assert.equal(fontKind("sans-serif"), "sans", "sans-serif is not a serif");
  assert.equal(fontKind("Times New Roman"), "serif");
  assert.equal(fontKind("Fancy, Unknown"), "sans");
  assert.equal(fontKind(undefined), "sans");
});

test("isBold and dejavuFace pick the face file", () => {
  assert.equal(isBold("600"), true);
  assert.equal(isBold("400"), false);
  assert.equal(dejavuFace("mono", true, false), "DejaVuSansMono-Bold");
  assert.equal(dejavuFace("serif", false, true), "DejaVuSerif-Italic");
  assert.equal(dejavuFace("sans", true, true), "DejaVuSans-BoldOblique");
});
