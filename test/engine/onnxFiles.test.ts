import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { externalDataFiles, findOnnx, ONNX_CANDIDATES } from "../../src/engine/onnxFiles.ts";

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

test("externalDataFiles(onnx) finds Optimum's model.onnx_data and model.onnx.data, not other models' files", () => {
  const dir = folder(["onnx/model.onnx", "onnx/model.onnx_data", "onnx/model.onnx.data", "onnx/model_fp16.onnx_data", "onnx/other.onnx"]);
  assert.deepEqual(externalDataFiles(path.join(dir, "onnx/model.onnx")).sort(), [
    path.join(dir, "onnx/model.onnx.data"),
    path.join(dir, "onnx/model.onnx_data"),
  ]);
  assert.deepEqual(externalDataFiles(path.join(dir, "onnx/other.onnx")), []);
});
