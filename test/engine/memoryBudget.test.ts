import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { analyze } from "../../src/engine/analyze.ts";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { defaultBatchTokens } from "../../src/engine/defaultBatchTokens.ts";
import { memoryPlan, parseMemory, sessionBytes, tokenBytes } from "../../src/engine/memoryBudget.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";

const MB = 2 ** 20;
const GB = 2 ** 30;

test("parseMemory reads sizes with binary units and percentages of the machine's memory", () => {
  assert.equal(parseMemory("8G"), 8 * GB);
  assert.equal(parseMemory("512MB"), 512 * MB);
  assert.equal(parseMemory("1.5GiB"), 1.5 * GB);
  assert.equal(parseMemory("1000"), 1000);
  assert.equal(parseMemory("50%", 16 * GB), 8 * GB);
  assert.throws(() => parseMemory("lots"), /invalid memory size "lots"/);
  assert.throws(() => parseMemory("0G"), /more than 0/);
});

test("memoryPlan keeps a real-size model's passes and windows within the bound", () => {
  const gpt2 = { name: "gpt2", fileBytes: 650 * MB, copies: 1, vocabSize: 50257, hidden: 768, contextLength: 1024 };
  const preferred = defaultBatchTokens({ contextLength: 1024, vocabSize: 50257, fileBytes: 650 * MB });
  const roomy = memoryPlan({ ...gpt2, preferredTokens: preferred, maxMemory: 12 * GB });
  assert.deepEqual([roomy.batchTokens, roomy.window], [preferred, 1024], "plenty of memory: the default pass and the full context");
  const tight = memoryPlan({ ...gpt2, preferredTokens: preferred, maxMemory: 1.2 * GB });
  assert.ok(tight.window < 1024 && tight.window >= 64, `a tight bound shortens the window (${tight.window})`);
  const held = sessionBytes(650 * MB) + tokenBytes(50257, 768) * Math.max(tight.batchTokens, tight.window);
  assert.ok(held <= 1.2 * GB, `the plan holds ${held} bytes at most`);
});

test("a model whose weights do not fit the bound is refused with one line that says what to do", () => {
  assert.throws(
    () =>
      memoryPlan({
        name: "big",
        fileBytes: 6 * GB,
        copies: 1,
        vocabSize: 150000,
        contextLength: 4096,
        preferredTokens: 85,
        maxMemory: 4 * GB,
      }),
    (e: Error) =>
      /big needs about .* more than the memory bound of 4\.0 GB; raise it with --max-memory/.test(e.message) && !e.message.includes("\n"),
  );
});

test("loadModel refuses a model that cannot fit before loading it", async () => {
  await assert.rejects(Model.load("tiny-en", { maxMemory: 4 * MB }), /needs about .* more than the memory bound/);
});

test("defaultBatchTokens sizes a real-size model's passes by the statistics' memory, not the context", () => {
  // About 256 MB of vocabulary-sized tensors: 267 tokens at 50,257 entries, 88 at 151,936.
  assert.equal(defaultBatchTokens({ contextLength: 1024, vocabSize: 50257, fileBytes: 650 * MB }), 267);
  assert.equal(defaultBatchTokens({ contextLength: 32768, vocabSize: 151936, fileBytes: 400 * MB }), 88);
});

test("a bound that cuts the window scores long texts in shorter windows and records the window in the cache", async () => {
  const full = await Model.load("tiny-en", { workers: 0 });
  // tiny-en: 4,096 entries and a 128-token context; this bound leaves room for about 70 tokens.
  const maxMemory = sessionBytes(fs.statSync(full.onnxPath).size) + 70 * tokenBytes(full.vocabSize, 128);
  const cut = await Model.load("tiny-en", { workers: 0, maxMemory });
  assert.ok(cut.scoringPlan.window < full.contextLength && cut.scoringPlan.window >= 64, `window ${cut.scoringPlan.window}`);
  const long = "It was the best of times, it was the worst of times. ".repeat(20);
  const [a] = await scoreTexts(full, [full.encode(long)]);
  const [b] = await scoreTexts(cut, [cut.encode(long)]);
  assert.equal(b.prob.length, a.prob.length, "every token is still scored");
  // Tokens within the first window see the same history either way.
  for (let i = 0; i < cut.scoringPlan.window - 1; i++) assert.ok(Math.abs(a.logprob[i] - b.logprob[i]) < 1e-5, `token ${i}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-window-"));
  await analyze(cut, inlineDataset([long], "long"), { output: path.join(dir, "c.arrow") });
  assert.equal(AnalysisCache.open(path.join(dir, "c.arrow")).meta.window, cut.scoringPlan.window);
  fs.rmSync(dir, { recursive: true, force: true });
  await full.dispose();
  await cut.dispose();
});

test("two models held together share the bound: each one's plan counts the other's weights, and a pair that cannot fit is refused", async () => {
  const alone = await Model.load("tiny-en", { workers: 0 });
  const weights = alone.sessionBytes;
  // Room for one model and a pass of about 100 tokens, not for two models.
  const maxMemory = weights + 100 * tokenBytes(alone.vocabSize, 128);
  const a = await Model.load("tiny-en", { workers: 0, maxMemory });
  const b = await Model.load("tiny-en-distil", { workers: 0, maxMemory });
  assert.ok(a.scoringPlan.maxTokens >= 64, "alone, each fits");
  assert.throws(
    () => a.shareMemoryWith([b]),
    (e: Error) => /tiny-en beside tiny-en-distil needs about .* more than the memory bound/.test(e.message),
  );
  const roomy = await Model.load("tiny-en", { workers: 0, maxMemory: 4 * GB });
  const other = await Model.load("tiny-en-distil", { workers: 0, maxMemory: 4 * GB });
  const before = roomy.scoringPlan.maxTokens;
  roomy.shareMemoryWith([other]);
  assert.ok(roomy.scoringPlan.maxTokens < before, "the other model's weights come off the room for passes");
  await Promise.all([alone, a, b, roomy, other].map((m) => m.dispose()));
});
