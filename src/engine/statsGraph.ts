import { buildModel, ElemType, type InitSpec, type NodeSpec, type ValueSpec } from "./onnxProto.js";

/**
 * The scoring statistics as ONNX operators, so they run inside
 * onnxruntime's vectorised kernels on all cores instead of a JavaScript
 * loop (where Math.exp over every vocabulary entry would cost as much as
 * the model).
 *
 * Over logits [..., V] (2-D rows or 3-D batch × positions) and targets
 * [..., 1] (int64), with k [1] (int64), the nodes produce, per row:
 *   PREFIXtarget_logprob [..., 1]  log softmax at the actual token;
 *   PREFIXabove          [..., 1]  entries with a strictly larger logit
 *                                  (rank = above + 1; ties share the better rank);
 *   PREFIXentropy        [..., 1]  −Σ p log p in nats;
 *   PREFIXtopk_logprob   [..., k], PREFIXtopk_ids [..., k]  the k most likely tokens.
 *
 * The rank compares raw logits, not log-probabilities, so rounding in the
 * softmax cannot create or break ties.
 */
export function statsNodes(logits: string, prefix: string): { nodes: NodeSpec[]; initializers: InitSpec[] } {
  const p = (n: string) => prefix + n;
  return {
    initializers: [{ name: p("last_axis"), int64: [-1], dims: [1] }],
    nodes: [
      { op: "LogSoftmax", inputs: [logits], outputs: [p("lsm")], attrs: [{ name: "axis", i: -1 }] },
      { op: "GatherElements", inputs: [p("lsm"), p("target")], outputs: [p("target_logprob")], attrs: [{ name: "axis", i: -1 }] },
      { op: "GatherElements", inputs: [logits, p("target")], outputs: [p("target_logit")], attrs: [{ name: "axis", i: -1 }] },
      { op: "Greater", inputs: [logits, p("target_logit")], outputs: [p("gt")] },
      { op: "Cast", inputs: [p("gt")], outputs: [p("gtf")], attrs: [{ name: "to", i: ElemType.FLOAT }] },
      { op: "ReduceSum", inputs: [p("gtf"), p("last_axis")], outputs: [p("above")], attrs: [{ name: "keepdims", i: 1 }] },
      { op: "Exp", inputs: [p("lsm")], outputs: [p("p")] },
      { op: "Mul", inputs: [p("p"), p("lsm")], outputs: [p("plogp")] },
      { op: "ReduceSum", inputs: [p("plogp"), p("last_axis")], outputs: [p("neg_entropy")], attrs: [{ name: "keepdims", i: 1 }] },
      { op: "Neg", inputs: [p("neg_entropy")], outputs: [p("entropy")] },
      {
        op: "TopK",
        inputs: [p("lsm"), p("k")],
        outputs: [p("topk_logprob"), p("topk_ids")],
        attrs: [
          { name: "axis", i: -1 },
          { name: "largest", i: 1 },
          { name: "sorted", i: 1 },
        ],
      },
    ],
  };
}

/** The statistics' inputs and outputs, for a leading shape (["rows"] or ["batch_size", "sequence_length"]). */
export function statsValues(prefix: string, lead: string[]): { inputs: ValueSpec[]; outputs: ValueSpec[] } {
  const p = (n: string) => prefix + n;
  return {
    inputs: [
      { name: p("target"), elemType: ElemType.INT64, shape: [...lead, 1] },
      { name: p("k"), elemType: ElemType.INT64, shape: [1] },
    ],
    outputs: [
      { name: p("target_logprob"), elemType: ElemType.FLOAT, shape: [...lead, 1] },
      { name: p("above"), elemType: ElemType.FLOAT, shape: [...lead, 1] },
      { name: p("entropy"), elemType: ElemType.FLOAT, shape: [...lead, 1] },
      { name: p("topk_logprob"), elemType: ElemType.FLOAT, shape: [...lead, "k"] },
      { name: p("topk_ids"), elemType: ElemType.INT64, shape: [...lead, "k"] },
    ],
  };
}

/** A standalone statistics model over logits [rows, vocab]. */
export function statsGraph(): Uint8Array {
  const { nodes, initializers } = statsNodes("logits", "");
  const { inputs, outputs } = statsValues("", ["rows"]);
  return buildModel({
    name: "lmdiff_stats",
    initializers,
    inputs: [{ name: "logits", elemType: ElemType.FLOAT, shape: ["rows", "vocab"] }, ...inputs],
    outputs,
    nodes,
  });
}

/** The prefix of the statistics fused into a causal model's own graph. */
export const FUSED_PREFIX = "lmdiff_";
