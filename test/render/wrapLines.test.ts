import assert from "node:assert/strict";
import { test } from "node:test";
import { wrapLines } from "../../src/render/wrapLines.js";

const chars = (s: string) => s.length;

test("wrapLines(s, width, widthOf) breaks at spaces and keeps a long word whole", () => {
  assert.deepEqual(wrapLines("aa bb cc", 5, chars), ["aa bb", "cc"]);
  assert.deepEqual(wrapLines("abcdefgh ij", 5, chars), ["abcdefgh", "ij"]);
  assert.deepEqual(wrapLines("a\nb", 10, chars), ["a", "b"]);
  assert.deepEqual(wrapLines("", 10, chars), [""]);
});

test("wrapLines with a separator breaks between parts before inside one", () => {
  assert.deepEqual(wrapLines("one two · three · four five", 16, chars, " · "), ["one two · three", "four five"]);
  assert.deepEqual(wrapLines("aaaa bbbb · c", 6, chars, " · "), ["aaaa", "bbbb", "c"]);
});
