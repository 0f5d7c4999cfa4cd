import assert from "node:assert/strict";
import { test } from "node:test";
import { Stats } from "../../src/engine/Stats.ts";
import { referenceScore } from "../helpers/reference.ts";

function seeded(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

test("Stats matches a full softmax and sort on random logits", async () => {
  const rnd = seeded(7);
  const N = 37;
  const V = 1009;
  const k = 10;
  const logits = Float32Array.from({ length: N * V }, () => (rnd() - 0.5) * 20);
  const targets = BigInt64Array.from({ length: N }, () => BigInt(Math.floor(rnd() * V)));
  const s = await (await Stats.get()).run(logits, N, V, targets, k);
  for (let r = 0; r < N; r++) {
    const ref = referenceScore(logits.subarray(r * V, (r + 1) * V), Number(targets[r]), k);
    assert.ok(Math.abs(s.logprob[r] - ref.logprob) < 1e-4, `logprob row ${r}`);
    assert.equal(s.above[r] + 1, ref.rank, `rank row ${r}`);
    assert.ok(Math.abs(s.entropy[r] - ref.entropy) < 1e-4, `entropy row ${r}`);
    for (let j = 0; j < k; j++) {
      assert.equal(Number(s.topkIds[r * k + j]), ref.topk[j].id, `top-k id ${j} row ${r}`);
      assert.ok(Math.abs(Math.exp(s.topkLogprob[r * k + j]) - ref.topk[j].prob) < 1e-6);
    }
  }
});

test("Stats gives tied logits the better rank (1 + strictly larger entries)", async () => {
  const V = 6;
  const logits = Float32Array.of(1, 5, 5, 3, 5, 0);
  const s = await (await Stats.get()).run(logits, 1, V, BigInt64Array.of(2n), 3);
  assert.equal(s.above[0] + 1, 1, "a token tied with the maximum has rank 1");
  const t = await (await Stats.get()).run(logits, 1, V, BigInt64Array.of(3n), 3);
  assert.equal(t.above[0] + 1, 4, "three entries are strictly larger than 3");
});

test("Stats gives rank 1 and the highest probability to the argmax", async () => {
  const logits = Float32Array.of(0, 0, 10, 0);
  const s = await (await Stats.get()).run(logits, 1, 4, BigInt64Array.of(2n), 2);
  assert.equal(s.above[0], 0);
  assert.equal(Number(s.topkIds[0]), 2);
  assert.ok(Math.exp(s.logprob[0]) > 0.99);
});
