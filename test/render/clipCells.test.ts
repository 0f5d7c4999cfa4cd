import assert from "node:assert/strict";
import { test } from "node:test";
import { clipCells } from "../../src/render/clipCells.js";

test("clipCells keeps a string that fits and cuts a longer one with …", () => {
  assert.equal(clipCells("abc", 3), "abc");
  assert.equal(clipCells("abcdef", 4), "abc…");
  assert.equal(clipCells("", 0), "");
});

test("clipCells counts wide characters as two cells", () => {
  assert.equal(clipCells("中文字", 4), "中…");
});
