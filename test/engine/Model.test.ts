import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { tokenizerDifference } from "../../src/engine/tokenizerFingerprint.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { compareText } from "../../src/engine/compareText.ts";

const ROOT = path.join(__dirname, "..", "..");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-model-"));

test("Model.load recognises causal and masked models from config.json", async () => {
  const c = await Model.load("tiny-en");
  const m = await Model.load("tiny-mlm-en");
  assert.equal(c.kind, "causal");
  assert.equal(c.modelType, "gpt2");
  assert.equal(c.contextLength, 128);
  assert.equal(m.kind, "masked");
  assert.equal(m.modelType, "bert");
  assert.notEqual(m.maskId, null);
  await c.dispose();
  await m.dispose();
});

test("Model.load reads a model folder by path, named after the folder", async () => {
  const m = await Model.load(path.join(ROOT, "models", "tiny-en-distil"));
  assert.equal(m.name, "tiny-en-distil");
  await m.dispose();
});

test("older exports with use_cache_branch and no position_ids score like the Optimum layout", async () => {
  const legacy = await Model.load(path.join(ROOT, "test/fixtures/legacy-gpt2"));
  const modern = await Model.load("tiny-en-distil");
  assert.ok(legacy.inputNames.includes("use_cache_branch"));
  assert.ok(!legacy.inputNames.includes("position_ids"));
  const ids = modern.encode("The same weights, exported the old way. ".repeat(6));
  const [a] = await scoreTexts(legacy, [ids, ids.subarray(0, 3)]);
  const [b] = await scoreTexts(modern, [ids, ids.subarray(0, 3)]);
  for (let i = 0; i < ids.length; i++) {
    assert.ok(Math.abs(a.prob[i] - b.prob[i]) < 1e-5, `token ${i}`);
    assert.equal(a.rank[i], b.rank[i]);
  }
  await legacy.dispose();
  await modern.dispose();
});

test("an unknown model spec gets one line that lists the bundled models", async () => {
  await assert.rejects(Model.load("no-such-model"), (e: Error) => {
    assert.match(e.message, /^lmdiff: unknown model "no-such-model" .*tiny-en/);
    assert.ok(!e.message.includes("\n"));
    return true;
  });
});

test("a folder without config.json is rejected with a clear error", async () => {
  const dir = tmp();
  await assert.rejects(Model.load(dir), /has no config.json/);
});

test("an unsupported architecture error names the model type and the inputs found", async () => {
  const dir = tmp();
  const src = path.join(ROOT, "models", "tiny-mlm-en");
  fs.cpSync(src, dir, { recursive: true });
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")) as Record<string, unknown>;
  cfg.model_type = "t5";
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(cfg));
  await assert.rejects(Model.load(dir), /unsupported model type "t5".*inputs: input_ids, attention_mask, token_type_ids/);
});

test("a corrupted ONNX file gets a one-line error, not a crash", async () => {
  const dir = tmp();
  fs.cpSync(path.join(ROOT, "models", "tiny-en-distil"), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "onnx", "model.onnx"), "not a model");
  await assert.rejects(Model.load(dir), /onnxruntime cannot load/);
});

test("tokenizerDifference says how two models' tokenizers differ, and fingerprints tell them apart", async () => {
  const en = await Model.load("tiny-en");
  const de = await Model.load("tiny-de");
  const mlm = await Model.load("tiny-mlm-en");
  const bible = await Model.load("tiny-en-bible");
  assert.match(tokenizerDifference(en.tokenizerJson, de.tokenizerJson)!, /vocabulary entry \d+ differs/);
  assert.notEqual(tokenizerDifference(en.tokenizerJson, mlm.tokenizerJson), null);
  assert.equal(tokenizerDifference(en.tokenizerJson, bible.tokenizerJson), null);
  assert.notEqual(en.fingerprint, de.fingerprint);
  assert.equal(en.fingerprint, bible.fingerprint);
  for (const m of [en, de, mlm, bible]) await m.dispose();
});

test("a config.json that names another architecture than the graph beside it is refused", async () => {
  for (const [type, why] of [
    ["t5", /unsupported model type "t5"/],
    ["bert", /says bert \(a masked model\) but the ONNX graph has past_key_values inputs/],
  ] as const) {
    const dir = tmp();
    fs.cpSync(path.join(ROOT, "models", "tiny-en-distil"), dir, { recursive: true });
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")) as Record<string, unknown>;
    cfg.model_type = type;
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(cfg));
    await assert.rejects(Model.load(dir, { workers: 0 }), why);
  }
});

test("a disposed model answers with an lmdiff error, and dispose() may be called again", async () => {
  const m = await Model.load("tiny-en-distil", { workers: 0 });
  await m.dispose();
  await m.dispose();
  assert.equal(m.disposed, true);
  assert.throws(() => m.encode("x"), /^LmdiffError: lmdiff: tiny-en-distil was disposed; load it again/);
  await assert.rejects(compareText(m, m, "The cat."), /was disposed/);
});

test("dispose() waits for a forward pass still running instead of releasing the session under it", async () => {
  const m = await Model.load("tiny-en-distil", { workers: 0 });
  const texts = Array.from({ length: 40 }, (_, i) => m.encode(`Text number ${i}, long enough to take a moment to score. `.repeat(8)));
  const scoring = scoreTexts(m, texts, { batchTokens: 512 });
  await new Promise((r) => setImmediate(r));
  await m.dispose();
  // The passes already started finish; the next batch finds the model disposed.
  await assert.rejects(scoring, /was disposed/);
});

test("a model loaded in another precision than its default is named with it, so both can be listed side by side", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-variant-"));
  fs.cpSync(path.join(__dirname, "..", "..", "models", "tiny-en"), dir, { recursive: true });
  fs.copyFileSync(path.join(dir, "onnx", "model.onnx"), path.join(dir, "onnx", "model_quantized.onnx"));
  const plain = await Model.load(dir);
  const q8 = await Model.load(dir, { dtype: "q8" });
  const byFile = await Model.load(dir, { onnxFile: "onnx/model.onnx" });
  assert.equal(q8.name, `${plain.name}:q8`);
  assert.equal(byFile.name, plain.name, "the default graph named explicitly is still the default");
  await Promise.all([plain.dispose(), q8.dispose(), byFile.dispose()]);
  fs.rmSync(dir, { recursive: true, force: true });
});
