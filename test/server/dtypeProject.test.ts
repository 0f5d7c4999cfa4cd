import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { Model } from "../../src/engine/Model.ts";
import { preprocessProject } from "../../src/engine/preprocessProject.ts";
import { Catalog } from "../../src/server/Catalog.ts";

test("a model compared with its own quantized export is preprocessed and served as two models, each in its precision", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-dtype-project-"));
  const model = path.join(dir, "model");
  fs.cpSync(path.join(__dirname, "..", "..", "models", "tiny-en"), model, { recursive: true });
  // A stand-in q8 graph: the dynamically quantized fixture shares tiny-en's tokenizer.
  fs.copyFileSync(
    path.join(__dirname, "..", "fixtures", "tiny-en-q8", "onnx", "model_quantized.onnx"),
    path.join(model, "onnx", "model_quantized.onnx"),
  );
  const m1 = await Model.load(model, { workers: 0 });
  const m2 = await Model.load(model, { workers: 0, dtype: "q8" });
  const out = path.join(dir, "out");
  const cfg = await preprocessProject(m1, m2, inlineDataset(["A first text.", "And a second one."], "two"), out);
  await Promise.all([m1.dispose(), m2.dispose()]);
  assert.deepEqual(
    cfg.models.map((m) => [m.name, m.onnx]),
    [
      ["model", "onnx/model.onnx"],
      ["model:q8", "onnx/model_quantized.onnx"],
    ],
  );
  const catalog = await Catalog.fromProject(out, { threads: 1, workers: 0 });
  try {
    const served = catalog.modelList().map(({ name }) => [name, path.relative(model, catalog.model(name).onnxPath)]);
    assert.deepEqual(served, [
      ["model", path.join("onnx", "model.onnx")],
      ["model:q8", path.join("onnx", "model_quantized.onnx")],
    ]);
    assert.equal(catalog.comparison("model", "model:q8", "two").length, 2);
  } finally {
    await catalog.dispose();
  }
  // Live analysis (serve --m1 M --m2 M --dtype fp32,q8) loads each model in its own precision.
  const live = await Catalog.fromModels([model, model], { threads: 1, workers: 0 }, ["fp32", "q8"]);
  try {
    assert.deepEqual(
      live.modelList().map((m) => m.name),
      ["model", "model:q8"],
    );
  } finally {
    await catalog.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
