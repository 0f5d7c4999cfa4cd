import assert from "node:assert/strict";
import { test } from "node:test";
import { topkTable } from "../../src/render/topkTable.js";
import { fixtureInstance } from "../fixtures/instance.js";

test("topkTable lists both models' top-k side by side and marks the actual token", () => {
  const s = topkTable(fixtureInstance(), 3);
  assert.match(s, /model 1 \(tiny-en\)/);
  assert.match(s, /model 2 \(tiny-en-distil\)/);
  assert.equal((s.match(/class="topk-row actual"/g) ?? []).length, 2);
  assert.equal((s.match(/class="topk-row/g) ?? []).length, 6);
  assert.match(s, /90\.0%/);
});

test("topkTable says when the actual token is not in a model's top k", () => {
  const s = topkTable(fixtureInstance(), 9);
  assert.match(s, /is not in the top 3 \(rank 310\)/);
  assert.match(s, /is not in the top 3 \(rank 4200\)/);
  assert.ok(s.includes("␣␣&lt;&amp;&gt;"));
});

test("topkTable rejects an index outside the text", () => {
  assert.throws(() => topkTable(fixtureInstance(), 12), /out of range/);
});
