import { appendToGraph } from "./onnxProto.js";
import { FUSED_PREFIX, statsNodes, statsValues } from "./statsGraph.js";

/**
 * A causal model's ONNX bytes with the scoring statistics appended to its
 * graph (see statsGraph): the fused model takes the targets and k as extra
 * inputs and returns the statistics, so its logits never leave
 * onnxruntime.
 */
export function fuseStats(model: Uint8Array): Uint8Array {
  const { nodes, initializers } = statsNodes("logits", FUSED_PREFIX);
  const { inputs, outputs } = statsValues(FUSED_PREFIX, ["batch_size", "sequence_length"]);
  return appendToGraph(model, { nodes, initializers, inputs, outputs });
}
