import { ProtoReader } from "./protoReader.js";

/**
 * The operator types used anywhere in an ONNX model's graph, subgraphs
 * included (a merged decoder keeps its layers inside the branches of an
 * If node).  Reads the protobuf structure only: ModelProto.graph = 7,
 * GraphProto.node = 1, NodeProto.op_type = 4, NodeProto.attribute = 5,
 * AttributeProto.g = 6 and .graphs = 11.  Meant for graph bytes whose
 * weights are references (see weightsByReference), which are small.
 */
export function graphOps(model: Uint8Array): Set<string> {
  const ops = new Set<string>();
  const r = ProtoReader.ofBytes(model);
  for (const f of r.fields(0, model.length)) if (f.field === 7 && f.wire === 2) graph(r, f.start, f.end, ops);
  return ops;
}

/**
 * Whether a graph quantizes activations with a scale computed at run time
 * over the whole input tensor (onnxruntime's dynamic quantization, which
 * makes the hub's model_quantized.onnx files).  Such a graph is not
 * position-independent: a token's logits change with the other texts in
 * the batch, its padding, and the text's own later tokens.
 */
export function quantizesDynamically(ops: ReadonlySet<string>): boolean {
  return [...ops].some((op) => op.startsWith("DynamicQuantize"));
}

function graph(r: ProtoReader, start: number, end: number, ops: Set<string>): void {
  for (const f of r.fields(start, end)) {
    if (f.field !== 1 || f.wire !== 2) continue;
    for (const n of r.fields(f.start, f.end)) {
      if (n.field === 4 && n.wire === 2) ops.add(r.string(n));
      if (n.field === 5 && n.wire === 2)
        for (const a of r.fields(n.start, n.end)) if ((a.field === 6 || a.field === 11) && a.wire === 2) graph(r, a.start, a.end, ops);
    }
  }
}
