import assert from "node:assert/strict";
import { test } from "node:test";
import { causalRows } from "../../src/engine/causalRows.ts";

test("causalRows(doc, ids, bos, ctx) scores every token once, each with at least half a context of history", () => {
  for (const L of [1, 5, 127, 128, 129, 300, 1000]) {
    const ids = Int32Array.from({ length: L }, (_, i) => i + 1);
    const rows = causalRows(0, ids, 0, 128);
    const seen = new Int32Array(L + 1);
    for (const r of rows) {
      assert.ok(r.input.length <= 128);
      for (let t = r.from; t <= r.to; t++) {
        seen[t]++;
        const history = t - r.offset;
        assert.ok(history >= Math.min(t, 64), `token ${t} has ${history} tokens of history`);
        // The input holds exactly the sequence up to the predicting position.
        assert.equal(r.input[t - r.offset - 1], t === 1 ? 0 : t - 1);
      }
    }
    for (let t = 1; t <= L; t++) assert.equal(seen[t], 1, `L=${L} token ${t}`);
  }
});

test("causalRows starts a text with bos and keeps its document index", () => {
  const rows = causalRows(7, Int32Array.of(10, 11, 12), 99, 128);
  assert.equal(rows.length, 1);
  assert.deepEqual(Array.from(rows[0].input), [99, 10, 11]);
  assert.deepEqual({ doc: rows[0].doc, from: rows[0].from, to: rows[0].to, offset: rows[0].offset }, { doc: 7, from: 1, to: 3, offset: 0 });
});

test("causalRows of an empty text is no rows", () => {
  assert.deepEqual(causalRows(0, new Int32Array(0), 0, 128), []);
});

test("causalRows(…, whole) feeds a text within the context exactly as it is, [bos, ...text]", () => {
  const rows = causalRows(0, Int32Array.of(10, 11, 12), 99, 128, true);
  assert.equal(rows.length, 1);
  assert.deepEqual(Array.from(rows[0].input), [99, 10, 11, 12]);
  assert.deepEqual([rows[0].from, rows[0].to, rows[0].offset], [1, 3, 0]);
});

test("causalRows(…, whole) windows stay within the context, carry their next token and score every token once", () => {
  for (const L of [1, 127, 128, 129, 300]) {
    const ids = Int32Array.from({ length: L }, (_, i) => i + 1); // token t sits at sequence position t
    const seen = new Int32Array(L + 1);
    for (const r of causalRows(0, ids, 0, 128, true)) {
      assert.ok(r.input.length <= 128, `L=${L}: a row of ${r.input.length}`);
      for (let j = 0; j < r.input.length; j++) assert.equal(r.input[j], r.offset + j, "the input is the sequence itself");
      assert.equal(
        r.input.length,
        Math.min(r.to + 1, L + 1) - r.offset,
        "the row ends one past its last scored token, or at the text's end",
      );
      for (let t = r.from; t <= r.to; t++) seen[t]++;
    }
    for (let t = 1; t <= L; t++) assert.equal(seen[t], 1, `L=${L} token ${t}`);
  }
});
