import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Model } from "../../src/engine/Model.ts";
import { batchRows, causalRows, maskedRows, scoreTexts } from "../../src/engine/scoreTexts.ts";
import { referenceScore } from "../helpers/reference.ts";
import { runLogits } from "../helpers/runLogits.ts";

let causal: Model;
let masked: Model;
before(async () => {
  causal = await Model.load("tiny-en");
  masked = await Model.load("tiny-mlm-en");
});
after(async () => {
  await causal.dispose();
  await masked.dispose();
});

const TEXTS = [
  "The quick brown fox jumps over the lazy dog.",
  "A",
  "Grüße aus Köln! 😀 Numbers: 3.14159\nand a second line.",
  // Longer than the 128-token context: scored with a sliding window.
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness. ".repeat(8),
];

function assertClose(actual: number, expected: number, tol: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

test("causalRows scores every token once, each with at least half a context of history", () => {
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

test("maskedRows masks exactly the scored token and nothing else", () => {
  const ids = Int32Array.from({ length: 300 }, (_, i) => 10 + (i % 50));
  const rows = maskedRows(0, ids, masked);
  assert.equal(rows.length, 300);
  for (const r of rows) {
    assert.equal(r.input[r.from], masked.maskId, "the scored position is masked");
    assert.equal(r.input.filter((x) => x === masked.maskId).length, 1, "one mask per row");
    assert.equal(r.input[0], masked.clsId);
    assert.equal(r.input[r.input.length - 1], masked.sepId);
    assert.ok(r.input.length <= masked.contextLength);
    // Unmasked positions hold the document's own tokens.
    assert.equal(r.input[r.from === 1 ? 2 : 1], ids[r.offset + (r.from === 1 ? 1 : 0)]);
  }
});

test("batchRows never exceeds the token budget and keeps every row", () => {
  const rows = [5, 100, 3, 64, 64, 128, 1].map((n, i) => ({ doc: i, input: new Int32Array(n), from: 0, to: 0, offset: 0 }));
  const batches = batchRows(rows, 256);
  assert.equal(batches.flat().length, rows.length);
  for (const b of batches) assert.ok(b.length === 1 || Math.max(...b.map((r) => r.input.length)) * b.length <= 256);
});

test("causal scores match a full softmax and sort of a direct forward pass, long texts included", async () => {
  const docs = TEXTS.map((t) => causal.encode(t));
  const k = 10;
  const got = await scoreTexts(causal, docs, { k, batchTokens: 300 });
  for (let d = 0; d < docs.length; d++) {
    assert.equal(got[d].prob.length, docs[d].length, "every token is scored");
    for (const row of causalRows(d, docs[d], causal.bosId!, causal.contextLength)) {
      const { logits, V } = await runLogits(causal, Array.from(row.input));
      for (let t = row.from; t <= row.to; t++) {
        const j = t - row.offset - 1;
        const ref = referenceScore(logits.subarray(j * V, (j + 1) * V), docs[d][t - 1], k);
        const i = t - 1;
        assertClose(got[d].prob[i], ref.prob, 1e-5, `prob doc ${d} token ${i}`);
        assertClose(got[d].logprob[i], ref.logprob, 1e-4, `logprob doc ${d} token ${i}`);
        assert.equal(got[d].rank[i], ref.rank, `rank doc ${d} token ${i}`);
        assertClose(got[d].entropy[i], ref.entropy, 1e-4, `entropy doc ${d} token ${i}`);
        for (let q = 0; q < k; q++) assertClose(got[d].topkProbs[i * k + q], ref.topk[q].prob, 1e-5, `top-${q} prob`);
      }
    }
  }
});

test("masked scores match a full softmax of the token masked alone, long texts included", async () => {
  const docs = [TEXTS[0], TEXTS[2], TEXTS[3].slice(0, 700)].map((t) => masked.encode(t));
  assert.ok(docs[2].length > masked.contextLength, "the long text needs a window");
  const k = 5;
  const got = await scoreTexts(masked, docs, { k });
  for (let d = 0; d < docs.length; d++) {
    const rows = maskedRows(d, docs[d], masked);
    // Check a spread of tokens (all of the short texts, every 7th of the long one).
    for (const r of rows.filter((_, i) => d < 2 || i % 7 === 0)) {
      const { logits, V } = await runLogits(masked, Array.from(r.input));
      const ref = referenceScore(logits.subarray(r.from * V, (r.from + 1) * V), docs[d][r.to], k);
      assertClose(got[d].prob[r.to], ref.prob, 1e-5, `prob doc ${d} token ${r.to}`);
      assert.equal(got[d].rank[r.to], ref.rank, `rank doc ${d} token ${r.to}`);
      assertClose(got[d].entropy[r.to], ref.entropy, 1e-4, "entropy");
      assert.deepEqual(Array.from(got[d].topkIds.subarray(r.to * k, (r.to + 1) * k)), ref.topk.map((x) => x.id));
    }
  }
});

test("scoreTexts is independent of how texts are batched", async () => {
  const docs = TEXTS.map((t) => causal.encode(t));
  const a = await scoreTexts(causal, docs, { batchTokens: 128 });
  const b = await scoreTexts(causal, docs, { batchTokens: 8192 });
  for (let d = 0; d < docs.length; d++) {
    for (let i = 0; i < docs[d].length; i++) {
      assertClose(a[d].prob[i], b[d].prob[i], 1e-5, "prob");
      assert.equal(a[d].rank[i], b[d].rank[i]);
    }
  }
});

test("statistics fused into the model's graph equal the separate statistics session", async () => {
  const plain = await Model.load("tiny-en", { fuse: false });
  assert.ok(causal.fused && !plain.fused);
  const docs = TEXTS.map((t) => causal.encode(t));
  const a = await scoreTexts(causal, docs);
  const b = await scoreTexts(plain, docs);
  for (let d = 0; d < docs.length; d++) {
    assert.deepEqual(a[d].prob, b[d].prob);
    assert.deepEqual(a[d].rank, b[d].rank);
    assert.deepEqual(a[d].topkIds, b[d].topkIds);
  }
  await plain.dispose();
});

test("scoreTexts stops with a clear error when cancelled", async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(scoreTexts(causal, [causal.encode("hello")], { signal: ac.signal }), /cancelled/);
});
