import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as ort from "onnxruntime-node";
import { createSession } from "../../src/engine/createSession.ts";
import { graphOps, quantizesDynamically } from "../../src/engine/graphOps.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { weightsByReference } from "../../src/engine/weightsByReference.ts";

const ROOT = path.join(__dirname, "..", "..");
const TINY = path.join(ROOT, "models/tiny-en/onnx/model.onnx");

async function logits(s: ort.InferenceSession): Promise<Float32Array> {
  const T = 5;
  const ids = BigInt64Array.from([1n, 17n, 200n, 3000n, 42n]);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor("int64", ids, [1, T]),
    attention_mask: new ort.Tensor("int64", new BigInt64Array(T).fill(1n), [1, T]),
  };
  if (s.inputNames.includes("position_ids")) feeds.position_ids = new ort.Tensor("int64", BigInt64Array.from([0n, 1n, 2n, 3n, 4n]), [1, T]);
  const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, "models/tiny-en/config.json"), "utf8")) as { n_head: number; n_embd: number };
  for (const n of s.inputNames)
    if (n.startsWith("past_key_values."))
      feeds[n] = new ort.Tensor("float32", new Float32Array(0), [1, cfg.n_head, 0, cfg.n_embd / cfg.n_head]);
  return (await s.run(feeds, ["logits"])).logits.data as Float32Array;
}

test("weightsByReference leaves the weights in the file and onnxruntime computes the same logits", async () => {
  const graph = weightsByReference(TINY);
  assert.ok(graph.length < fs.statSync(TINY).size / 10, `${graph.length} bytes of graph for a ${fs.statSync(TINY).size}-byte file`);
  const byRef = await createSession({ bytes: graph, folder: path.dirname(TINY) }, 1);
  const plain = await createSession(TINY, 1);
  assert.deepEqual(Array.from(await logits(byRef)), Array.from(await logits(plain)));
  await byRef.release();
  await plain.release();
});

test("weightsByReference resolves its references against the model's folder, wherever the process runs", async () => {
  const graph = weightsByReference(TINY);
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cwd-"));
  const cwd = process.cwd();
  process.chdir(elsewhere);
  try {
    const s = await createSession({ bytes: graph, folder: path.dirname(TINY) }, 1);
    assert.equal((await logits(s)).length, 5 * 4096);
    await s.release();
  } finally {
    process.chdir(cwd);
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});

test("weightsByReference refuses a file that is not an ONNX model", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-notonnx-"));
  const f = path.join(dir, "model.onnx");
  fs.writeFileSync(f, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
  assert.throws(() => weightsByReference(f), /not an ONNX model/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("graphOps lists a graph's operators; dynamic quantization is recognised", () => {
  const plain = graphOps(weightsByReference(TINY));
  assert.ok(plain.has("MatMul") && plain.has("Softmax"));
  assert.equal(quantizesDynamically(plain), false);
  const q8 = graphOps(weightsByReference(path.join(ROOT, "test/fixtures/tiny-en-q8/onnx/model_quantized.onnx")));
  assert.ok(q8.has("DynamicQuantizeLinear") && q8.has("MatMulInteger"));
  assert.equal(quantizesDynamically(q8), true);
});

test("a model whose weights live in external data files is fused too, and scores exactly like the single-file model", async () => {
  const external = await Model.load(path.join(ROOT, "test/fixtures/tiny-en-external"), { workers: 0 });
  const single = await Model.load("tiny-en", { workers: 0 });
  try {
    assert.ok(external.fused, "statistics fused into the external-data graph");
    const ids = single.encode("Weights in six files score like weights in one.");
    const [a] = await scoreTexts(external, [ids]);
    const [b] = await scoreTexts(single, [ids]);
    assert.deepEqual(Array.from(a.logprob), Array.from(b.logprob));
    assert.deepEqual(Array.from(a.topkIds), Array.from(b.topkIds));
  } finally {
    await Promise.all([external.dispose(), single.dispose()]);
  }
});
