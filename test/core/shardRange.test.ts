import assert from "node:assert/strict";
import { test } from "node:test";
import { shardRange } from "../../src/core/shardRange.ts";

/** The ranges of all shards of a split, in order. */
const split = (count: number, nDocs: number) => Array.from({ length: count }, (_, index) => shardRange({ index, count }, nDocs));

test("shardRange(shard, nDocs) gives shard i the documents [⌊iN/n⌋, ⌊(i+1)N/n⌋)", () => {
  assert.deepEqual(split(3, 10), [
    { first: 0, end: 3 },
    { first: 3, end: 6 },
    { first: 6, end: 10 },
  ]);
  assert.deepEqual(split(1, 7), [{ first: 0, end: 7 }]);
});

test("shardRange covers every document once, in order, with sizes differing by at most one", () => {
  for (const [count, nDocs] of [
    [4, 1000],
    [7, 100],
    [16, 16],
    [3, 1],
  ]) {
    const ranges = split(count, nDocs);
    let at = 0;
    for (const r of ranges) {
      assert.equal(r.first, at);
      at = r.end;
    }
    assert.equal(at, nDocs);
    const sizes = ranges.map((r) => r.end - r.first);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${count} shards of ${nDocs}: ${sizes.join(", ")}`);
  }
});

test("shardRange with more shards than documents leaves some shards empty", () => {
  assert.deepEqual(split(5, 3), [
    { first: 0, end: 0 },
    { first: 0, end: 1 },
    { first: 1, end: 1 },
    { first: 1, end: 2 },
    { first: 2, end: 3 },
  ]);
});
