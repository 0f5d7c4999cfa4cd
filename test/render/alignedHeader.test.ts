import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedHeaderFigure, bitsPerByteLine } from "../../src/render/alignedHeader.ts";
import { renderOptions } from "../../src/render/renderOptions.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";

const d = alignedFixture();

test("bitsPerByteLine gives a model's total over the text's bytes, pseudo-bits for a masked model", () => {
  assert.equal(
    bitsPerByteLine(d, 0),
    `model 1: tiny-en, ${(d.total1 / 20).toFixed(3)} bits per byte · ${d.total1.toFixed(1)} bits over 20 bytes in 13 tokens`,
  );
  assert.match(
    bitsPerByteLine(d, 1),
    /^model 2: tiny-mlm-en, [\d.]+ pseudo-bits per byte \(PLL\) · [\d.]+ pseudo-bits over 20 bytes in 8 tokens$/,
  );
});

test("alignedHeaderFigure wraps its lines to a narrow width", () => {
  const wide = alignedHeaderFigure(d, renderOptions({ width: 900 }));
  const narrow = alignedHeaderFigure(d, renderOptions({ width: 240 }));
  assert.ok(narrow.height > wide.height);
});
