import type { ModelKind } from "./Model.js";
import { appendToGraph, ElemType, type NodeSpec } from "./onnxProto.js";
import { FUSED_PREFIX, statsNodes, statsValues } from "./statsGraph.js";

/**
 * A model's ONNX bytes with the scoring statistics appended to its graph
 * (see statsGraph): the fused model takes the targets and k as extra
 * inputs and returns the statistics, so its logits never leave
 * onnxruntime.
 *
 *  - causal: statistics at every position, over logits [batch, positions, V].
 *  - masked: statistics at the masked positions only, one per row: the
 *    flat (row × position) indices come in as `lmdiff_pick`, and only those
 *    logits rows are gathered and scored.  Unfused, a masked model's whole
 *    logits tensor (a 512-token row of BERT: 62 MB) crossed into JavaScript
 *    to keep one row of it.
 */
export function fuseStats(model: Uint8Array, kind: ModelKind = "causal"): Uint8Array {
  const p = (n: string) => FUSED_PREFIX + n;
  // The statistics run in float32 whatever the model's logits are: fp16
  // exports (model_fp16.onnx) give float16 logits, and the statistics'
  // outputs are declared float.  On float32 logits the Cast is an identity
  // that onnxruntime removes when it loads the graph.
  const prelude: NodeSpec[] = [{ op: "Cast", inputs: ["logits"], outputs: [p("logits_f32")], attrs: [{ name: "to", i: ElemType.FLOAT }] }];
  let scored = p("logits_f32");
  if (kind === "masked") {
    prelude.push(
      { op: "Flatten", inputs: [p("logits_f32")], outputs: [p("logit_rows")], attrs: [{ name: "axis", i: 2 }] },
      { op: "Gather", inputs: [p("logit_rows"), p("pick")], outputs: [p("picked")], attrs: [{ name: "axis", i: 0 }] },
    );
    scored = p("picked");
  }
  const { nodes, initializers } = statsNodes(scored, FUSED_PREFIX);
  const { inputs, outputs } = statsValues(FUSED_PREFIX, kind === "masked" ? ["picks"] : ["batch_size", "sequence_length"]);
  if (kind === "masked") inputs.push({ name: p("pick"), elemType: ElemType.INT64, shape: ["picks"] });
  // The log-softmax itself, fetched only by joint scoring (see PairStats):
  // onnxruntime computes an output only when it is asked for.
  outputs.push({
    name: p("lsm"),
    elemType: ElemType.FLOAT,
    shape: kind === "masked" ? ["picks", "vocab"] : ["batch_size", "sequence_length", "vocab"],
  });
  return appendToGraph(model, { nodes: [...prelude, ...nodes], initializers, inputs, outputs });
}
