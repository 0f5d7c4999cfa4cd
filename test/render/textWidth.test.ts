import assert from "node:assert/strict";
import { test } from "node:test";
import { charCells, textCells, textWidth } from "../../src/render/textWidth.js";

test("textWidth gives 0.6 em per Latin character", () => {
  assert.equal(textWidth("abc", 10), 18);
  assert.equal(textWidth("", 10), 0);
});

test("textCells counts CJK and emoji as two cells and combining marks as none", () => {
  assert.equal(textCells("日本"), 4);
  assert.equal(textCells("😀"), 2);
  assert.equal(textCells("e\u0301"), 1);
  assert.equal(charCells(" ".codePointAt(0)!), 1);
});
