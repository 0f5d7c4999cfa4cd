import * as fs from "node:fs";
import * as path from "node:path";
import { varintBytes } from "./onnxProto.js";
import { ProtoReader, type ProtoField } from "./protoReader.js";

/**
 * An ONNX model's bytes with its large weights left in the file: every
 * initializer whose raw data is at least `minBytes` long becomes an
 * external-data reference (location, offset, length) into the original
 * .onnx file itself, where protobuf stored those bytes.  The result is the
 * graph alone (kilobytes to a few megabytes), which lmdiff can extend
 * (fuseStats) and hand to onnxruntime together with the folder the
 * references are relative to (the session option
 * `session.model_external_initializers_file_folder_path`).
 *
 * Why: extending a graph used to mean reading the whole file into memory,
 * copying it with the appended nodes, and letting onnxruntime parse that
 * copy into a third one while building its weights: a 650 MB GPT-2 peaked
 * at 2.3 GB before scoring anything, against 1.1 GB for the plain file.
 * With references onnxruntime reads each weight once, straight into its
 * own tensor, and the JavaScript side never holds the weights at all.
 * Models that already keep their weights in external files (over 2 GB)
 * pass through unchanged apart from the graph being small to begin with.
 *
 * The file is walked field by field with positioned reads: only the graph's
 * structure (nodes, inputs, small tensors) is read and copied.  Field
 * numbers are those of onnx/onnx.proto: ModelProto.graph = 7,
 * GraphProto.initializer = 5, TensorProto.raw_data = 9,
 * TensorProto.external_data = 13, TensorProto.data_location = 14.
 */
export function weightsByReference(onnxPath: string, minBytes = 1024): Uint8Array {
  const fd = fs.openSync(onnxPath, "r");
  try {
    return referencing(onnxPath, fd, minBytes);
  } catch (e) {
    throw new Error(`not an ONNX model (${(e as Error).message})`, { cause: e });
  } finally {
    fs.closeSync(fd);
  }
}

function referencing(onnxPath: string, fd: number, minBytes: number): Uint8Array {
  const file = ProtoReader.ofFile(fd);
  const location = path.basename(onnxPath);
  const out: Uint8Array[] = [];
  for (const f of file.fields(0, file.size)) {
    if (f.field === 7 && f.wire === 2) out.push(lengthDelimited(7, graphByReference(file, f.start, f.end, location, minBytes)));
    else out.push(file.read(f.header, f.end));
  }
  return concat(out);
}

function graphByReference(file: ProtoReader, start: number, end: number, location: string, minBytes: number): Uint8Array {
  const out: Uint8Array[] = [];
  for (const f of file.fields(start, end)) {
    if (f.field === 5 && f.wire === 2) out.push(tensorByReference(file, f, location, minBytes));
    else out.push(file.read(f.header, f.end));
  }
  return concat(out);
}

function tensorByReference(file: ProtoReader, tensor: ProtoField, location: string, minBytes: number): Uint8Array {
  const fields = [...file.fields(tensor.start, tensor.end)];
  const raw = fields.find((f) => f.field === 9 && f.wire === 2);
  // Small tensors, and tensors whose data is elsewhere already (typed
  // fields, or external files), are copied as they are.
  if (!raw || raw.end - raw.start < minBytes || fields.some((f) => f.field === 14)) return file.read(tensor.header, tensor.end);
  const kept = fields.filter((f) => f !== raw).map((f) => file.read(f.header, f.end));
  const entry = (key: string, value: string) => lengthDelimited(13, concat([stringField(1, key), stringField(2, value)]));
  const body = concat([
    ...kept,
    entry("location", location),
    entry("offset", String(raw.start)),
    entry("length", String(raw.end - raw.start)),
    Uint8Array.of(14 << 3, 1), // data_location = EXTERNAL
  ]);
  return lengthDelimited(5, body);
}

function lengthDelimited(field: number, body: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varintBytes((field << 3) | 2), ...varintBytes(body.length)]), body]);
}

function stringField(field: number, s: string): Uint8Array {
  return lengthDelimited(field, new TextEncoder().encode(s));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
