/**
 * Benchmark worker for the parallel forward-pass ceiling: one plain
 * session of the model, running the forward passes it is sent and
 * returning nothing but their count.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import type { TensorSpec } from "../src/engine/ScoreJob.ts";

async function main() {
  const { onnx, threads, batches } = workerData as { onnx: string; threads: number; batches: Record<string, TensorSpec>[] };
  const session = await ort.InferenceSession.create(onnx, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
  const feeds = batches.map((b) => Object.fromEntries(Object.entries(b).map(([n, s]) => [n, new ort.Tensor(s.type, s.data, s.dims)])));
  if (feeds.length) await session.run(feeds[0], ["logits"]);
  parentPort!.postMessage("ready");
  parentPort!.once("message", async () => {
    for (const f of feeds) await session.run(f, ["logits"]);
    parentPort!.postMessage("done");
  });
}
void main();
