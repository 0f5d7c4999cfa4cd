import { appendToGraph, ElemType } from "./onnxProto.js";
import { FUSED_PREFIX, statsNodes, statsValues } from "./statsGraph.js";

/**
 * A causal model's ONNX bytes with the scoring statistics appended to its
 * graph (see statsGraph): the fused model takes the targets and k as extra
 * inputs and returns the statistics, so its logits never leave
 * onnxruntime.
 */
export function fuseStats(model: Uint8Array): Uint8Array {
  const logits = FUSED_PREFIX + "logits_f32";
  const { nodes, initializers } = statsNodes(logits, FUSED_PREFIX);
  const { inputs, outputs } = statsValues(FUSED_PREFIX, ["batch_size", "sequence_length"]);
  // The statistics run in float32 whatever the model's logits are: fp16
  // exports (model_fp16.onnx) give float16 logits, and the statistics'
  // outputs are declared float.  On float32 logits the Cast is an identity
  // that onnxruntime removes when it loads the graph.
  const cast = { op: "Cast", inputs: ["logits"], outputs: [logits], attrs: [{ name: "to", i: ElemType.FLOAT }] };
  return appendToGraph(model, { nodes: [cast, ...nodes], initializers, inputs, outputs });
}
