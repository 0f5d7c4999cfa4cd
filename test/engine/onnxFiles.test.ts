import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { Model } from "../../src/engine/Model.ts";
import { externalDataFiles, findOnnx, ONNX_CANDIDATES } from "../../src/engine/onnxFiles.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";

const ROOT = path.join(__dirname, "..", "..");

function folder(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-onnx-"));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), "");
  }
  return dir;
}

test("findOnnx(dir) takes the first of ONNX_CANDIDATES that exists", () => {
  const dir = folder(["model.onnx", "onnx/decoder_model.onnx", "onnx/decoder_model_merged.onnx"]);
  assert.equal(findOnnx(dir), path.join(dir, "onnx/decoder_model_merged.onnx"));
  assert.equal(ONNX_CANDIDATES[0], "onnx/model.onnx", "Optimum's layout comes first");
});

test("findOnnx(dir, preferred) looks only for the preferred file", () => {
  const dir = folder(["onnx/model.onnx", "onnx/model_quantized.onnx"]);
  assert.equal(findOnnx(dir, "onnx/model_quantized.onnx"), path.join(dir, "onnx/model_quantized.onnx"));
  assert.equal(findOnnx(dir, "onnx/model_fp16.onnx"), null);
});

test("findOnnx of a folder without a graph is null", () => {
  assert.equal(findOnnx(folder(["config.json"])), null);
});

test("externalDataFiles of a file that is not a readable graph falls back to the files named like its weights", () => {
  const dir = folder(["onnx/model.onnx", "onnx/model.onnx_data", "onnx/model.onnx.data", "onnx/model_fp16.onnx_data", "onnx/other.onnx"]);
  assert.deepEqual(externalDataFiles(path.join(dir, "onnx/model.onnx")).sort(), [
    path.join(dir, "onnx/model.onnx.data"),
    path.join(dir, "onnx/model.onnx_data"),
  ]);
  assert.deepEqual(externalDataFiles(path.join(dir, "onnx/other.onnx")), []);
});

/** A copy of models/tiny-en whose graph is also (or only) at the given variant names. */
function variants(names: string[], keepFp32 = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-dtype-"));
  fs.cpSync(path.join(ROOT, "models", "tiny-en"), dir, { recursive: true });
  for (const n of names) fs.copyFileSync(path.join(dir, "onnx", "model.onnx"), path.join(dir, n));
  if (!keepFp32) fs.rmSync(path.join(dir, "onnx", "model.onnx"));
  return dir;
}

test("findOnnx(dir, undefined, dtype) picks the file variant of that precision, in Optimum's layout or an older export's", () => {
  const dir = variants(["onnx/model_quantized.onnx", "onnx/model_fp16.onnx", "onnx/decoder_model_merged_q4.onnx", "onnx/model_q4f16.onnx"]);
  assert.equal(findOnnx(dir), path.join(dir, "onnx/model.onnx"), "fp32 by default");
  assert.equal(findOnnx(dir, undefined, "fp32"), path.join(dir, "onnx/model.onnx"));
  assert.equal(findOnnx(dir, undefined, "q8"), path.join(dir, "onnx/model_quantized.onnx"));
  assert.equal(findOnnx(dir, undefined, "fp16"), path.join(dir, "onnx/model_fp16.onnx"));
  assert.equal(findOnnx(dir, undefined, "q4"), path.join(dir, "onnx/decoder_model_merged_q4.onnx"));
  assert.equal(findOnnx(dir, undefined, "q4f16"), path.join(dir, "onnx/model_q4f16.onnx"));
  assert.equal(findOnnx(dir, "onnx/model_fp16.onnx", "q8"), path.join(dir, "onnx/model_fp16.onnx"), "an explicit file wins");
});

test("a precision the folder lacks is a one-line error listing those it has, the default fp32 included", () => {
  const dir = variants(["onnx/model_quantized.onnx", "onnx/model_q4.onnx"]);
  assert.throws(
    () => findOnnx(dir, undefined, "fp16"),
    (e: Error) => {
      assert.equal(
        e.message,
        `lmdiff: ${dir} has no fp16 ONNX file (looked for onnx/model_fp16.onnx and the decoder_model files); it has fp32, q8, q4: pass --dtype fp32 (or q8, q4)`,
      );
      return true;
    },
  );
  const quantizedOnly = variants(["onnx/model_quantized.onnx"], false);
  assert.throws(() => findOnnx(quantizedOnly), /has no fp32 ONNX file .*; it has q8: pass --dtype q8$/);
  assert.throws(
    () => findOnnx(dir, undefined, "q16" as never),
    /invalid dtype "q16" \(expected one of fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4\)/,
  );
});

test("Model.load with dtype loads the variant's graph", async () => {
  const dir = variants(["onnx/model_quantized.onnx"]);
  const m = await Model.load(dir, { dtype: "q8", workers: 0 });
  assert.equal(m.onnxPath, path.join(dir, "onnx/model_quantized.onnx"));
  await m.dispose();
  await assert.rejects(Model.load(dir, { dtype: "q4" }), /has no q4 ONNX file .*it has fp32, q8/);
});

const EXTERNAL = path.join(ROOT, "test", "fixtures", "tiny-en-external");

test("externalDataFiles reads the files a graph names from the graph itself: chunked, per tensor, whatever their names", () => {
  const onnx = path.join(EXTERNAL, "onnx", "model.onnx");
  assert.deepEqual(
    externalDataFiles(onnx)
      .map((f) => path.relative(path.dirname(onnx), f))
      .sort(),
    [
      "model.ln_f.bias_fp16",
      "model.ln_f.weight_fp16",
      "model.onnx_data",
      "model.onnx_data_1",
      "model.onnx_data_2",
      "model.wpe.weight_fp16",
    ],
  );
  // A graph with its weights inside needs no other file, whatever lies beside it.
  const dir = variants([]);
  fs.writeFileSync(path.join(dir, "onnx", "model.onnx_data"), "stray");
  assert.deepEqual(externalDataFiles(path.join(dir, "onnx", "model.onnx")), []);
});

test("a model whose weights are in several external files loads and scores exactly like the same model in one file", async () => {
  const ext = await Model.load(EXTERNAL, { workers: 0 });
  const one = await Model.load("tiny-en", { workers: 0 });
  const texts = ["Weights beside the graph.", "The same numbers, byte for byte, from six files."].map((t) => one.encode(t));
  const a = await scoreTexts(ext, texts);
  const b = await scoreTexts(one, texts);
  for (let i = 0; i < texts.length; i++) {
    assert.deepEqual(Array.from(a[i].prob), Array.from(b[i].prob));
    assert.deepEqual(Array.from(a[i].rank), Array.from(b[i].rank));
  }
  await ext.dispose();
  await one.dispose();
});
