import assert from "node:assert/strict";
import { test } from "node:test";
import { batchRows } from "../../src/engine/batchRows.ts";
import type { Row } from "../../src/engine/Row.ts";

const rowsOf = (lengths: number[]): Row[] => lengths.map((n, i) => ({ doc: i, input: new Int32Array(n), from: 0, to: 0, offset: 0 }));

test("batchRows(rows, maxTokens) never exceeds the token budget and keeps every row", () => {
  const rows = rowsOf([5, 100, 3, 64, 64, 128, 1]);
  const batches = batchRows(rows, 256);
  assert.equal(batches.flat().length, rows.length);
  for (const b of batches) assert.ok(b.length === 1 || Math.max(...b.map((r) => r.input.length)) * b.length <= 256);
});

test("batchRows puts the longest row first in each batch, so it sets the batch's width", () => {
  for (const b of batchRows(rowsOf([5, 100, 3, 64, 64, 128, 1]), 256))
    assert.equal(b[0].input.length, Math.max(...b.map((r) => r.input.length)));
});

test("batchRows gives a row longer than the budget a batch of its own", () => {
  const batches = batchRows(rowsOf([300, 10, 10]), 256);
  assert.deepEqual(
    batches.map((b) => b.map((r) => r.input.length)),
    [[300], [10, 10]],
  );
});

test("batchRows of no rows is no batches", () => {
  assert.deepEqual(batchRows([], 256), []);
});
