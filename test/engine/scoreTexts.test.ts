import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Model } from "../../src/engine/Model.ts";
import { causalRows } from "../../src/engine/causalRows.ts";
import { maskedRows } from "../../src/engine/maskedRows.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
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
      assert.deepEqual(
        Array.from(got[d].topkIds.subarray(r.to * k, (r.to + 1) * k)),
        ref.topk.map((x) => x.id),
      );
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

test("statistics fused into a masked model's graph (only the masked rows gathered) equal the separate statistics session", async () => {
  const plain = await Model.load("tiny-mlm-en", { fuse: false });
  assert.ok(masked.fused && !plain.fused);
  const docs = TEXTS.map((t) => masked.encode(t));
  const a = await scoreTexts(masked, docs, { batchTokens: 700 });
  const b = await scoreTexts(plain, docs, { batchTokens: 700 });
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
