import * as ort from "onnxruntime-node";
import type { Model } from "../../src/engine/Model.ts";

/**
 * Run a model directly on one unpadded sequence and return its logits
 * [T, V]: the reference path for the scoring tests, with no batching,
 * padding, windowing or statistics graph involved.
 */
export async function runLogits(m: Model, ids: readonly number[]): Promise<{ logits: Float32Array; V: number }> {
  const T = ids.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(ids, BigInt), [1, T]),
  };
  if (m.inputNames.includes("attention_mask")) feeds.attention_mask = new ort.Tensor("int64", new BigInt64Array(T).fill(1n), [1, T]);
  if (m.inputNames.includes("position_ids"))
    feeds.position_ids = new ort.Tensor(
      "int64",
      BigInt64Array.from({ length: T }, (_, i) => BigInt(i)),
      [1, T],
    );
  if (m.inputNames.includes("token_type_ids")) feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(T), [1, T]);
  if (m.inputNames.includes("use_cache_branch")) feeds.use_cache_branch = new ort.Tensor("bool", Uint8Array.of(0), [1]);
  // GPT-2 names (causal models) or BERT names (masked ones).
  const heads = m.config.n_head ?? m.config.num_attention_heads!;
  const hd = (m.config.n_embd ?? m.config.hidden_size!) / heads;
  for (const n of m.inputNames)
    if (n.startsWith("past_key_values.")) feeds[n] = new ort.Tensor("float32", new Float32Array(0), [1, heads, 0, hd]);
  // A model with the statistics fused into its graph still needs their inputs fed.
  if (m.fused && m.kind === "causal") feeds.lmdiff_target = new ort.Tensor("int64", new BigInt64Array(T), [1, T, 1]);
  if (m.fused && m.kind === "masked") {
    feeds.lmdiff_pick = new ort.Tensor("int64", BigInt64Array.of(0n), [1]);
    feeds.lmdiff_target = new ort.Tensor("int64", BigInt64Array.of(0n), [1, 1]);
  }
  if (m.fused) feeds.lmdiff_k = new ort.Tensor("int64", BigInt64Array.of(1n), [1]);
  const r = await m.session.run(feeds, ["logits"]);
  return { logits: r.logits.data as Float32Array, V: r.logits.dims[2] };
}
