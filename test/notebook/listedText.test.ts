import assert from "node:assert/strict";
import { test } from "node:test";
import { LISTED_CHARS, listedText } from "../../src/notebook/listedText.js";

test("listedText(text) keeps a text of up to 200 characters as it is", () => {
  assert.equal(LISTED_CHARS, 200);
  for (const t of ["", "short", "x".repeat(200)]) assert.equal(listedText(t), t);
});

test("listedText(text) cuts a longer text to its first 200 characters and an ellipsis, as the list shows it", () => {
  const t = "a".repeat(199) + "bcdef";
  assert.equal(listedText(t), "a".repeat(199) + "b…");
  // The list's own rule gives the same line from the cut text as from the whole one.
  const listed = (s: string) => (s.length > 200 ? s.slice(0, 200) + "…" : s);
  assert.equal(listed(listedText(t)), listed(t));
});

test("listedText(text) never cuts inside a surrogate pair", () => {
  const t = "a".repeat(199) + "😀 and more";
  assert.equal(listedText(t), "a".repeat(199) + "…");
  assert.doesNotMatch(listedText(t), /[\ud800-\udbff](?![\udc00-\udfff])/);
});
