import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { defaultWorkers, ONE_SESSION_BYTES } from "../../src/engine/defaultWorkers.ts";
import { Model } from "../../src/engine/Model.ts";

test("defaultWorkers(onnx, memory, cores) is one per core, at most 8, and only as many model copies as fit in a quarter of memory", () => {
  const onnx = path.join(__dirname, "..", "..", "models/tiny-en/onnx/model.onnx");
  const GB = 2 ** 30;
  assert.equal(defaultWorkers(onnx, 24 * GB, 2), 2);
  assert.equal(defaultWorkers(onnx, 24 * GB, 64), 8);
  // A 3 MB file is about 6 MB in memory: 4 copies fit in a quarter of 100 MB.
  assert.equal(defaultWorkers(onnx, 100 * 2 ** 20, 16), 4);
  assert.equal(defaultWorkers(onnx, 1 * 2 ** 20, 16), 1, "never fewer than one");
});

test("defaultWorkers counts a model's external weight files with its graph", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-workers-"));
  const onnx = path.join(dir, "model.onnx");
  fs.writeFileSync(onnx, Buffer.alloc(1 << 20));
  const MB = 2 ** 20;
  // 1 MB is about 2 MB in memory: 8 copies fit in a quarter of 64 MB.
  assert.equal(defaultWorkers(onnx, 64 * MB, 16), 8);
  fs.writeFileSync(path.join(dir, "model.onnx_data"), Buffer.alloc(3 << 20));
  // With 3 MB of weights beside it, 4 MB is about 8 MB in memory: 2 copies fit.
  assert.equal(defaultWorkers(onnx, 64 * MB, 16), 2);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("defaultWorkers is 0 for a real-size model: one in-process session with all cores, one copy of the weights", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-workers-"));
  const onnx = path.join(dir, "model.onnx");
  // A sparse file: the size is what counts.
  fs.writeFileSync(onnx, "");
  fs.truncateSync(onnx, ONE_SESSION_BYTES);
  assert.equal(defaultWorkers(onnx, 64 * 2 ** 30, 16), 0);
  fs.truncateSync(onnx, ONE_SESSION_BYTES - 1);
  assert.equal(defaultWorkers(onnx, 64 * 2 ** 30, 16), 8);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a graph whose external weight file is missing is a one-line error naming the file", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-missing-data-"));
  fs.cpSync(path.join(__dirname, "..", "fixtures", "tiny-en-external"), dir, { recursive: true });
  fs.rmSync(path.join(dir, "onnx", "model.onnx_data_1"));
  await assert.rejects(Model.load(dir), /keeps weights in model\.onnx_data_1, which is missing beside it/);
  fs.rmSync(dir, { recursive: true, force: true });
});
