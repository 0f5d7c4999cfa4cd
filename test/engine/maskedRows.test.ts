import assert from "node:assert/strict";
import { test } from "node:test";
import { maskedRows } from "../../src/engine/maskedRows.ts";

// The special ids and context of a small BERT-like model.
const model = { contextLength: 128, clsId: 1, sepId: 2, maskId: 3 };

test("maskedRows(doc, ids, model) masks exactly the scored token and nothing else, long texts in a window", () => {
  const ids = Int32Array.from({ length: 300 }, (_, i) => 10 + (i % 50));
  const rows = maskedRows(0, ids, model);
  assert.equal(rows.length, 300);
  rows.forEach((r, i) => {
    assert.equal(r.to, i, "one row per token, in order");
    assert.equal(r.input[r.from], model.maskId, "the scored position is masked");
    assert.equal(r.input.filter((x) => x === model.maskId).length, 1, "one mask per row");
    assert.equal(r.input[0], model.clsId);
    assert.equal(r.input[r.input.length - 1], model.sepId);
    assert.ok(r.input.length <= model.contextLength);
    // Unmasked positions hold the document's own tokens, from the window's start.
    for (let j = 1; j < r.input.length - 1; j++) if (j !== r.from) assert.equal(r.input[j], ids[r.offset + j - 1]);
  });
});

test("maskedRows of a text shorter than the context shows the whole text in every row", () => {
  const ids = Int32Array.of(10, 11, 12);
  const rows = maskedRows(4, ids, model);
  assert.deepEqual(
    rows.map((r) => Array.from(r.input)),
    [
      [1, 3, 11, 12, 2],
      [1, 10, 3, 12, 2],
      [1, 10, 11, 3, 2],
    ],
  );
  assert.ok(rows.every((r) => r.doc === 4 && r.offset === 0));
});

test("maskedRows of an empty text is no rows", () => {
  assert.deepEqual(maskedRows(0, new Int32Array(0), model), []);
});
