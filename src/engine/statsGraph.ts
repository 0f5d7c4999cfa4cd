import { buildModel, ElemType } from "./onnxProto.js";

/**
 * The scoring statistics as an ONNX graph, so they run inside onnxruntime's
 * vectorised kernels on all cores instead of a JavaScript loop (where
 * Math.exp over every vocabulary entry would cost as much as the model).
 *
 * Inputs: logits [N, V] (float32), target [N, 1] (int64), k [1] (int64).
 * Outputs, per row:
 *   target_logprob [N, 1]  log softmax at the actual token;
 *   above          [N, 1]  number of entries with a strictly larger logit
 *                          (rank = above + 1; ties share the better rank);
 *   entropy        [N, 1]  −Σ p log p in nats;
 *   topk_logprob   [N, k], topk_ids [N, k]  the k most likely tokens.
 *
 * The rank compares raw logits, not log-probabilities, so rounding in the
 * softmax cannot create or break ties.
 */
export function statsGraph(): Uint8Array {
  const N = "rows";
  const V = "vocab";
  return buildModel({
    name: "lmdiff_stats",
    initializers: [{ name: "axis1", int64: [1], dims: [1] }],
    inputs: [
      { name: "logits", elemType: ElemType.FLOAT, shape: [N, V] },
      { name: "target", elemType: ElemType.INT64, shape: [N, 1] },
      { name: "k", elemType: ElemType.INT64, shape: [1] },
    ],
    outputs: [
      { name: "target_logprob", elemType: ElemType.FLOAT, shape: [N, 1] },
      { name: "above", elemType: ElemType.FLOAT, shape: [N, 1] },
      { name: "entropy", elemType: ElemType.FLOAT, shape: [N, 1] },
      { name: "topk_logprob", elemType: ElemType.FLOAT, shape: [N, "k"] },
      { name: "topk_ids", elemType: ElemType.INT64, shape: [N, "k"] },
    ],
    nodes: [
      { op: "LogSoftmax", inputs: ["logits"], outputs: ["lsm"], attrs: [{ name: "axis", i: -1 }] },
      { op: "GatherElements", inputs: ["lsm", "target"], outputs: ["target_logprob"], attrs: [{ name: "axis", i: 1 }] },
      { op: "GatherElements", inputs: ["logits", "target"], outputs: ["target_logit"], attrs: [{ name: "axis", i: 1 }] },
      { op: "Greater", inputs: ["logits", "target_logit"], outputs: ["gt"] },
      { op: "Cast", inputs: ["gt"], outputs: ["gtf"], attrs: [{ name: "to", i: ElemType.FLOAT }] },
      { op: "ReduceSum", inputs: ["gtf", "axis1"], outputs: ["above"], attrs: [{ name: "keepdims", i: 1 }] },
      { op: "Exp", inputs: ["lsm"], outputs: ["p"] },
      { op: "Mul", inputs: ["p", "lsm"], outputs: ["plogp"] },
      { op: "ReduceSum", inputs: ["plogp", "axis1"], outputs: ["neg_entropy"], attrs: [{ name: "keepdims", i: 1 }] },
      { op: "Neg", inputs: ["neg_entropy"], outputs: ["entropy"] },
      {
        op: "TopK",
        inputs: ["lsm", "k"],
        outputs: ["topk_logprob", "topk_ids"],
        attrs: [
          { name: "axis", i: -1 },
          { name: "largest", i: 1 },
          { name: "sorted", i: 1 },
        ],
      },
    ],
  });
}
