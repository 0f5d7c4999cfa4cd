import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { batchScoreJob } from "../../src/engine/batchScoreJob.ts";
import { causalRows } from "../../src/engine/causalRows.ts";
import { maskedRows } from "../../src/engine/maskedRows.ts";
import { Model } from "../../src/engine/Model.ts";

let fused: Model;
let plain: Model;
let masked: Model;
before(async () => {
  fused = await Model.load("tiny-en", { workers: 0 });
  plain = await Model.load("tiny-en", { workers: 0, fuse: false });
  masked = await Model.load("tiny-mlm-en", { workers: 0 });
});
after(async () => {
  await Promise.all([fused.dispose(), plain.dispose(), masked.dispose()]);
});

const docs = [Int32Array.of(11, 12, 13), Int32Array.of(21)];
const ints = (a: BigInt64Array) => Array.from(a, Number);

test("batchScoreJob(model, batch, docs, k) of a fused causal model feeds each scored position's target and k to its graph", () => {
  const batch = [...causalRows(0, docs[0], fused.bosId!, 128), ...causalRows(1, docs[1], fused.bosId!, 128)];
  const job = batchScoreJob(fused, batch, docs, 4);
  assert.equal(job.fused, true);
  assert.deepEqual(job.feeds.lmdiff_target.dims, [2, 3, 1]);
  // Position p predicts token p of the text; the padding after the short row gets 0.
  assert.deepEqual(ints(job.feeds.lmdiff_target.data as BigInt64Array), [11, 12, 13, 21, 0, 0]);
  assert.deepEqual(ints(job.feeds.lmdiff_k.data as BigInt64Array), [4]);
});

test("batchScoreJob of an unfused causal model carries the targets for the statistics session", () => {
  const job = batchScoreJob(plain, causalRows(0, docs[0], plain.bosId!, 128), docs, 4);
  assert.equal(job.fused, false);
  assert.equal(job.pick, undefined, "every logits row is scored");
  assert.deepEqual(ints(job.targets!), [11, 12, 13]);
  assert.ok(!("lmdiff_target" in job.feeds));
});

test("batchScoreJob of a fused masked model feeds its graph the masked position of each row and its token", () => {
  const batch = maskedRows(0, docs[0], masked);
  const job = batchScoreJob(masked, batch, docs, 4);
  const T = batch[0].input.length;
  assert.equal(job.fused, true);
  assert.deepEqual(ints(job.feeds.lmdiff_pick.data as BigInt64Array), [1, T + 2, 2 * T + 3]);
  assert.deepEqual(ints(job.feeds.lmdiff_target.data as BigInt64Array), [11, 12, 13]);
  assert.deepEqual(job.feeds.lmdiff_target.dims, [3, 1]);
});

test("batchScoreJob of an unfused masked model picks the masked position of each row and targets its token", async () => {
  const plainMasked = await Model.load("tiny-mlm-en", { workers: 0, fuse: false });
  const batch = maskedRows(0, docs[0], plainMasked);
  const job = batchScoreJob(plainMasked, batch, docs, 4);
  const T = batch[0].input.length;
  assert.equal(job.fused, false);
  assert.deepEqual(Array.from(job.pick!), [1, T + 2, 2 * T + 3]);
  assert.deepEqual(ints(job.targets!), [11, 12, 13]);
  await plainMasked.dispose();
});
