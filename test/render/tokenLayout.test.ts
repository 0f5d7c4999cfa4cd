import assert from "node:assert/strict";
import { test } from "node:test";
import { PARTIAL_WIDTH, tokenLayout, visibleText } from "../../src/render/tokenLayout.js";

const o = { width: 100, fontSize: 10 };

test("tokenLayout flows tokens left to right and wraps at the width", () => {
  const L = tokenLayout(["aaaa", "bbbb", "cccc", "dddd"], new Uint8Array(4), o);
  // each box: 4 cells × 6 px + 2 × 2 px padding = 28 px, plus a 2 px gap
  assert.deepEqual(
    L.boxes.map((b) => [b.i, b.x, b.y]),
    [
      [0, 0, 0],
      [1, 30, 0],
      [2, 60, 0],
      [3, 0, 17],
    ],
  );
  assert.equal(L.height, 34);
});

test("tokenLayout starts a new line after a newline and shows it as ↵", () => {
  const L = tokenLayout(["a.\nb", "c"], new Uint8Array(2), o);
  assert.deepEqual(
    L.boxes.map((b) => [b.i, b.text, b.y]),
    [
      [0, "a.↵", 0],
      [0, "b", 17],
      [1, "c", 17],
    ],
  );
  const only = tokenLayout(["\n", "x"], new Uint8Array(2), o);
  assert.deepEqual(
    only.boxes.map((b) => [b.i, b.text, b.y]),
    [
      [0, "↵", 0],
      [1, "x", 17],
    ],
  );
});

test("tokenLayout draws partial tokens as thin placeholders without text", () => {
  const L = tokenLayout([" 😀", "", ""], Uint8Array.from([0, 1, 1]), o);
  assert.equal(L.boxes[1].w, PARTIAL_WIDTH);
  assert.equal(L.boxes[1].partial, true);
  assert.equal(L.boxes[0].w, 3 * 6 + 4); // a space and a two-cell emoji
});

test("tokenLayout of an empty text has no boxes and no height", () => {
  const L = tokenLayout([], new Uint8Array(0), o);
  assert.equal(L.boxes.length, 0);
  assert.equal(L.height, 0);
});

test("tokenLayout keeps a token wider than the line on a line of its own", () => {
  const L = tokenLayout(["x", "y".repeat(40), "z"], new Uint8Array(3), o);
  assert.deepEqual(
    L.boxes.map((b) => b.y),
    [0, 17, 34],
  );
});

test("visibleText shows tabs and control characters", () => {
  assert.equal(visibleText("a\tb\r\u0000"), "a⇥b␍␀");
});
