import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { ProtoReader, type ProtoField } from "./protoReader.js";

// Field numbers of onnx/onnx.proto.
const EXTERNAL = 1; // TensorProto.DataLocation.EXTERNAL

/** TensorProto: its external_data "location" when data_location (14) is EXTERNAL. */
function tensor(r: ProtoReader, t: ProtoField, out: Set<string>): void {
  let location: string | undefined;
  let external = false;
  for (const f of r.fields(t.start, t.end)) {
    if (f.field === 14 && f.wire === 0) external = r.value(f) === EXTERNAL;
    if (f.field !== 13 || f.wire !== 2) continue; // external_data: StringStringEntryProto {key = 1, value = 2}
    let key = "";
    let value = "";
    for (const e of r.fields(f.start, f.end)) {
      if (e.field === 1 && e.wire === 2) key = r.string(e);
      else if (e.field === 2 && e.wire === 2) value = r.string(e);
    }
    if (key === "location") location = value;
  }
  if (external && location !== undefined) out.add(location);
}

/** The length-delimited fields of a message with one of the given numbers. */
function* children(r: ProtoReader, m: ProtoField, numbers: readonly number[]): Generator<ProtoField> {
  for (const f of r.fields(m.start, m.end)) if (f.wire === 2 && numbers.includes(f.field)) yield f;
}

/** SparseTensorProto: values = 1, indices = 2. */
function sparse(r: ProtoReader, s: ProtoField, out: Set<string>): void {
  for (const f of children(r, s, [1, 2])) tensor(r, f, out);
}

/** AttributeProto: t = 5, tensors = 10, g = 6, graphs = 11 (If/Loop bodies), sparse_tensor = 22, sparse_tensors = 23. */
function attribute(r: ProtoReader, a: ProtoField, out: Set<string>): void {
  for (const f of children(r, a, [5, 10, 6, 11, 22, 23])) {
    if (f.field === 5 || f.field === 10) tensor(r, f, out);
    else if (f.field === 6 || f.field === 11) graph(r, f, out);
    else sparse(r, f, out);
  }
}

/** NodeProto: attribute = 5. */
function node(r: ProtoReader, n: ProtoField, out: Set<string>): void {
  for (const f of children(r, n, [5])) attribute(r, f, out);
}

/** GraphProto: node = 1, initializer = 5, sparse_initializer = 15. */
function graph(r: ProtoReader, g: ProtoField, out: Set<string>): void {
  for (const f of children(r, g, [1, 5, 15])) {
    if (f.field === 1) node(r, f, out);
    else if (f.field === 5) tensor(r, f, out);
    else sparse(r, f, out);
  }
}

/**
 * The external data files an ONNX graph names, relative to the graph's
 * folder, in the order they first appear: Optimum's model.onnx_data,
 * transformers.js's model.onnx_data, model.onnx_data_1, …, onnx.save's one
 * file per tensor, or any other name, since ONNX lets each tensor name its
 * own file.  Read from the graph itself (ModelProto.graph and functions,
 * down to every initializer, Constant and If/Loop body), because guessing
 * by file name misses some and downloads others for nothing.  Throws for a
 * file that is not an ONNX model, and for a location outside the graph's
 * folder, which onnxruntime refuses and a download must never write.
 */
export function externalDataLocations(onnxPath: string): string[] {
  const out = new Set<string>();
  const fd = fs.openSync(onnxPath, "r");
  try {
    const r = ProtoReader.ofFile(fd);
    let sawGraph = false;
    for (const f of r.fields(0, r.size)) {
      if (f.wire !== 2) continue;
      if (f.field === 7) {
        sawGraph = true;
        graph(r, f, out);
      } else if (f.field === 25) for (const n of children(r, f, [7])) node(r, n, out); // FunctionProto: node = 7
    }
    if (!sawGraph) throw new Error("no graph");
  } catch (e) {
    throw new LmdiffError(`${onnxPath} is not a readable ONNX model (${(e as Error).message})`, "bad-model");
  } finally {
    fs.closeSync(fd);
  }
  for (const loc of out) {
    const norm = path.posix.normalize(loc.replace(/\\/g, "/"));
    if (
      loc === "" ||
      loc.includes("\0") ||
      path.posix.isAbsolute(norm) ||
      path.win32.isAbsolute(loc) ||
      norm === ".." ||
      norm.startsWith("../")
    )
      throw new LmdiffError(
        `${onnxPath} names external data outside its folder (${JSON.stringify(loc)}); lmdiff will not read or download it`,
        "bad-model",
      );
  }
  return [...out];
}
