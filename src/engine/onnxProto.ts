/**
 * A minimal ONNX protobuf writer, enough to build small computation graphs
 * in-process (the scoring statistics graph).  onnxruntime accepts the bytes
 * directly; no .onnx file needs to ship.  Field numbers are those of
 * onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * ValueInfoProto, TypeProto, TensorShapeProto, TensorProto).
 *
 * Why not protobufjs with onnx.proto: that would add a schema compiler and
 * about 300 KB for the five messages used here, and these few encoders are
 * checked end to end by onnxruntime loading and running what they write.
 */

class Writer {
  private chunks: number[] = [];

  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.chunks.push(Number(x));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, v: number | bigint): this {
    return this.tag(field, 0).varint(v);
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    for (const x of b) this.chunks.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: Uint8Array): this {
    return this.bytes(field, m);
  }

  float(field: number, f: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([f]).buffer);
    for (const x of b) this.chunks.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export const ElemType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;

export type Attr = { name: string } & ({ i: number } | { f: number } | { ints: number[] });

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

export interface ValueSpec {
  name: string;
  elemType: number;
  /** Numbers are fixed sizes, strings symbolic dimensions. */
  shape: (number | string)[];
}

export interface InitSpec {
  name: string;
  /** int64 values with the given dims. */
  int64: number[];
  dims: number[];
}

function attribute(a: Attr): Uint8Array {
  const w = new Writer().string(1, a.name);
  if ("i" in a) w.int(3, a.i).int(20, 2);
  else if ("f" in a) w.float(2, a.f).int(20, 1);
  else {
    for (const v of a.ints) w.int(8, v);
    w.int(20, 7);
  }
  return w.finish();
}

function node(n: NodeSpec, index: number): Uint8Array {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `lmdiff_${n.op}_${index}`).string(4, n.op);
  for (const a of n.attrs ?? []) w.message(5, attribute(a));
  return w.finish();
}

function valueInfo(v: ValueSpec): Uint8Array {
  const shape = new Writer();
  for (const d of v.shape) {
    const dim = typeof d === "number" ? new Writer().int(1, d) : new Writer().string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new Writer().int(1, v.elemType).message(2, shape.finish()).finish();
  const type = new Writer().message(1, tensorType).finish();
  return new Writer().string(1, v.name).message(2, type).finish();
}

function initializer(t: InitSpec): Uint8Array {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, ElemType.INT64);
  const raw = new Uint8Array(new BigInt64Array(t.int64.map((x) => BigInt(x))).buffer);
  w.string(8, t.name).bytes(9, raw);
  return w.finish();
}

function readVarint(b: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (;;) {
    if (pos >= b.length) throw new Error("truncated varint");
    const x = b[pos++];
    v += (x & 0x7f) * mul;
    if (x < 0x80) return [v, pos];
    mul *= 128;
  }
}

/** The protobuf varint encoding of a non-negative integer. */
export function varintBytes(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/**
 * Append nodes, inputs, outputs and initializers to the main graph of an
 * existing ONNX model, without decoding the rest of it.  Protobuf merges
 * repeated fields in wire order, so appended nodes come after the model's
 * own (keeping the graph topologically sorted) and the original bytes,
 * weights included, are copied untouched.
 */
export function appendToGraph(
  model: Uint8Array,
  add: { nodes: NodeSpec[]; inputs: ValueSpec[]; outputs: ValueSpec[]; initializers?: InitSpec[] },
): Uint8Array {
  let pos = 0;
  let graphStart = -1;
  let graphEnd = -1;
  let headerStart = -1;
  while (pos < model.length) {
    const fieldStart = pos;
    let key: number;
    [key, pos] = readVarint(model, pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) [, pos] = readVarint(model, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let len: number;
      [len, pos] = readVarint(model, pos);
      if (field === 7) {
        headerStart = fieldStart;
        graphStart = pos;
        graphEnd = pos + len;
      }
      pos += len;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  if (graphStart < 0 || pos !== model.length) throw new Error("not an ONNX model (no graph)");
  const extra = new Writer();
  add.nodes.forEach((n, i) => extra.message(1, node(n, 10_000 + i)));
  for (const t of add.initializers ?? []) extra.message(5, initializer(t));
  for (const v of add.inputs) extra.message(11, valueInfo(v));
  for (const v of add.outputs) extra.message(12, valueInfo(v));
  const tail = extra.finish();
  const graphLen = graphEnd - graphStart + tail.length;
  const head = Uint8Array.from([0x3a, ...varintBytes(graphLen)]); // field 7, wire type 2
  const out = new Uint8Array(headerStart + head.length + graphLen + (model.length - graphEnd));
  out.set(model.subarray(0, headerStart), 0);
  out.set(head, headerStart);
  out.set(model.subarray(graphStart, graphEnd), headerStart + head.length);
  out.set(tail, headerStart + head.length + (graphEnd - graphStart));
  out.set(model.subarray(graphEnd), headerStart + head.length + graphLen);
  return out;
}

/** Serialise a single-graph ONNX model (default domain, the given opset). */
export function buildModel(spec: {
  name: string;
  nodes: NodeSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers?: InitSpec[];
  opset?: number;
}): Uint8Array {
  const g = new Writer();
  spec.nodes.forEach((n, i) => g.message(1, node(n, i)));
  g.string(2, spec.name);
  for (const t of spec.initializers ?? []) g.message(5, initializer(t));
  for (const v of spec.inputs) g.message(11, valueInfo(v));
  for (const v of spec.outputs) g.message(12, valueInfo(v));
  const opset = new Writer()
    .string(1, "")
    .int(2, spec.opset ?? 17)
    .finish();
  return new Writer()
    .int(1, 8) // ir_version 8 goes with opset 17
    .string(2, "lmdiff")
    .message(8, opset)
    .message(7, g.finish())
    .finish();
}
