import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { batchScoreJob } from "../../src/engine/batchScoreJob.ts";
import { causalRows } from "../../src/engine/causalRows.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { emptyScores, storeScores } from "../../src/engine/storeScores.ts";
import { referenceScore } from "../helpers/reference.ts";
import { runLogits } from "../helpers/runLogits.ts";

// A tiny GPT-2 dynamically quantized by onnxruntime, as the hub's
// model_quantized.onnx files are (see test/fixtures/tiny-en-q8/make.py).
const Q8 = path.join(__dirname, "..", "fixtures", "tiny-en-q8");
const TEXTS = [
  "The first text is short.",
  "A much longer second text, which pads the first one when both share a forward pass, and brings its own activations.",
  "Grüße, 3.14 und 😀.",
];

let q8: Model;
before(async () => {
  q8 = await Model.load(Q8, { onnxFile: "onnx/model_quantized.onnx" });
});
after(async () => {
  await q8.dispose();
});

test("a dynamically quantized graph is recognised; float graphs are batch-independent", async () => {
  assert.equal(q8.batchIndependent, false);
  const plain = await Model.load("tiny-en");
  assert.equal(plain.batchIndependent, true);
  await plain.dispose();
});

test("batching changes a dynamically quantized model's numbers: the hazard the scoring avoids is real", async () => {
  const docs = TEXTS.map((t) => q8.encode(t));
  const rows = docs.flatMap((d, i) => causalRows(i, d, q8.bosId!, q8.contextLength));
  rows.sort((a, b) => b.input.length - a.input.length);
  const batched = docs.map((d) => emptyScores(d.length, 5));
  storeScores(batched, "causal", rows, await q8.runJob(batchScoreJob(q8, rows, docs, 5)), 5);
  const alone = await scoreTexts(q8, [docs[0]], { k: 5 });
  const differs = Array.from(alone[0].logprob).some((x, i) => Math.abs(x - batched[0].logprob[i]) > 1e-5);
  assert.ok(differs, "a batch with a longer text should change the first text's numbers");
});

test("each text of a dynamically quantized model gets the numbers of that text fed alone and whole", async () => {
  const docs = TEXTS.map((t) => q8.encode(t));
  const together = await scoreTexts(q8, docs, { k: 5, batchTokens: 4096 });
  for (let d = 0; d < docs.length; d++) {
    const alone = await scoreTexts(q8, [docs[d]], { k: 5 });
    assert.deepEqual(Array.from(together[d].logprob), Array.from(alone[0].logprob), `text ${d}: same numbers alone and in company`);
    assert.deepEqual(Array.from(together[d].rank), Array.from(alone[0].rank));
    // The reference: [BOS, ...text] fed whole, once, with a plain softmax.
    const { logits, V } = await runLogits(q8, [q8.bosId!, ...docs[d]]);
    for (let i = 0; i < docs[d].length; i++) {
      const ref = referenceScore(logits.subarray(i * V, (i + 1) * V), docs[d][i], 5);
      assert.ok(Math.abs(together[d].logprob[i] - ref.logprob) < 1e-4, `text ${d} token ${i}: ${together[d].logprob[i]} vs ${ref.logprob}`);
      assert.equal(together[d].rank[i], ref.rank, `text ${d} token ${i} rank`);
    }
  }
});

test("a cache of a dynamically quantized model records that it was scored one text per pass", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-q8-"));
  const out = path.join(dir, "q8.arrow");
  await analyze(q8, inlineDataset(TEXTS, "q8"), { output: out });
  const c = AnalysisCache.open(out);
  assert.equal(c.meta.scoring, "one-text-per-pass");
  assert.equal(c.meta.window, q8.contextLength);
  fs.rmSync(dir, { recursive: true, force: true });
});
