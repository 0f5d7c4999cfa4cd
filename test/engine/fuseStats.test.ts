import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as ort from "onnxruntime-node";
import { fuseStats } from "../../src/engine/fuseStats.ts";
import { FUSED_OUTPUTS } from "../../src/engine/ScoreJob.ts";
import { FUSED_PREFIX } from "../../src/engine/statsGraph.ts";

test("fuseStats(onnx) gives a graph that onnxruntime loads, with the statistics' inputs and outputs beside the model's own", async () => {
  const bytes = fs.readFileSync(path.join(__dirname, "..", "..", "models/tiny-en/onnx/model.onnx"));
  const plain = await ort.InferenceSession.create(bytes);
  const fused = await ort.InferenceSession.create(fuseStats(bytes));
  assert.deepEqual(
    fused.inputNames.filter((n) => !n.startsWith(FUSED_PREFIX)),
    plain.inputNames,
  );
  assert.deepEqual(fused.inputNames.filter((n) => n.startsWith(FUSED_PREFIX)).sort(), [FUSED_PREFIX + "k", FUSED_PREFIX + "target"]);
  for (const o of [...plain.outputNames, ...FUSED_OUTPUTS]) assert.ok(fused.outputNames.includes(o), o);
  await Promise.all([plain.release(), fused.release()]);
});
