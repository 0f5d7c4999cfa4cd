import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { externalDataLocations } from "../../src/engine/externalDataLocations.ts";

const ROOT = path.join(__dirname, "..", "..");

// Just enough protobuf writing to build the graphs these tests need (field numbers of onnx.proto).
const varint = (v: number): number[] => {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  return [...out, v];
};
const bytes = (field: number, b: Uint8Array | number[]): number[] => [...varint(field * 8 + 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s)]);
const int = (field: number, v: number) => [...varint(field * 8), ...varint(v)];

/** A TensorProto whose data is in `location` (EXTERNAL), or inline when location is undefined. */
const tensor = (name: string, location?: string): number[] =>
  location === undefined
    ? [...int(1, 2), ...int(2, 1), ...str(8, name), ...bytes(9, [0, 0, 0, 0, 0, 0, 0, 0])]
    : [...int(1, 2), ...int(2, 1), ...str(8, name), ...bytes(13, [...str(1, "location"), ...str(2, location)]), ...int(14, 1)];

function writeModel(graph: number[], extra: number[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-extdata-"));
  const file = path.join(dir, "model.onnx");
  fs.writeFileSync(file, Buffer.from([...int(1, 8), ...bytes(7, graph), ...extra]));
  return file;
}

test("externalDataLocations lists the files an exported graph names, and none for a graph with its weights inside", () => {
  assert.deepEqual(externalDataLocations(path.join(ROOT, "test/fixtures/tiny-en-external/onnx/model.onnx")), [
    "model.onnx_data",
    "model.wpe.weight_fp16",
    "model.onnx_data_1",
    "model.onnx_data_2",
    "model.ln_f.weight_fp16",
    "model.ln_f.bias_fp16",
  ]);
  assert.deepEqual(externalDataLocations(path.join(ROOT, "models/tiny-en/onnx/model.onnx")), []);
});

test("externalDataLocations finds tensors in Constant nodes, If/Loop bodies, sparse initializers and functions, once each", () => {
  const constant = [...str(4, "Constant"), ...bytes(5, [...str(1, "value"), ...bytes(5, tensor("c", "const.bin"))])];
  const body = [...bytes(5, tensor("b", "branch.bin")), ...bytes(5, tensor("b2", "model.onnx_data"))];
  const ifNode = [...str(4, "If"), ...bytes(5, [...str(1, "then_branch"), ...bytes(6, body)])];
  const sparse = [...bytes(1, tensor("v", "sparse_values.bin")), ...bytes(2, tensor("i"))];
  const graph = [
    ...bytes(5, tensor("w", "model.onnx_data")),
    ...bytes(5, tensor("inline")),
    ...bytes(1, constant),
    ...bytes(1, ifNode),
    ...bytes(15, sparse),
  ];
  const fn = bytes(25, [...str(1, "f"), ...bytes(7, [...str(4, "Constant"), ...bytes(5, [...bytes(5, tensor("fc", "sub/fn.bin"))])])]);
  assert.deepEqual(externalDataLocations(writeModel(graph, fn)), [
    "model.onnx_data",
    "const.bin",
    "branch.bin",
    "sparse_values.bin",
    "sub/fn.bin",
  ]);
});

test("a tensor that names external data but keeps data_location DEFAULT is inline, as onnxruntime reads it", () => {
  const t = [...str(8, "w"), ...bytes(13, [...str(1, "location"), ...str(2, "unused.bin")])];
  assert.deepEqual(externalDataLocations(writeModel(bytes(5, t))), []);
});

test("externalDataLocations refuses a location outside the graph's folder, and a file that is not an ONNX model", () => {
  for (const bad of ["../secret", "/etc/passwd", "a/../../b", "C:\\\\x"])
    assert.throws(() => externalDataLocations(writeModel(bytes(5, tensor("w", bad)))), /names external data outside its folder/, bad);
  const junk = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-extdata-")), "model.onnx");
  fs.writeFileSync(junk, "not a model");
  assert.throws(() => externalDataLocations(junk), /is not a readable ONNX model/);
  fs.writeFileSync(junk, "");
  assert.throws(() => externalDataLocations(junk), /is not a readable ONNX model \(no graph\)/);
  fs.writeFileSync(junk, Buffer.from(writeModelBytesTruncated()));
  assert.throws(() => externalDataLocations(junk), /is not a readable ONNX model/);
});

function writeModelBytesTruncated(): number[] {
  const whole = [...int(1, 8), ...bytes(7, bytes(5, tensor("w", "model.onnx_data")))];
  return whole.slice(0, whole.length - 3);
}

test("externalDataLocations skips inline weights without reading them: a 5 GB graph file takes no time or memory", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-extdata-")), "model.onnx");
  const raw = 5 * 2 ** 30;
  // ModelProto { graph { initializer { name, raw_data: 5 GB } initializer { external } } }, written sparse.
  const bigTensorHead = [...str(8, "big"), ...varint(9 * 8 + 2), ...varint(raw)];
  const second = bytes(5, tensor("w", "model.onnx_data"));
  const bigTensorLen = bigTensorHead.length + raw;
  const initHead = [...varint(5 * 8 + 2), ...varint(bigTensorLen)];
  const graphLen = initHead.length + bigTensorLen + second.length;
  const head = Buffer.from([...int(1, 8), ...varint(7 * 8 + 2), ...varint(graphLen), ...initHead, ...bigTensorHead]);
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, head, 0, head.length, 0);
  fs.writeSync(fd, Buffer.from(second), 0, second.length, head.length + raw);
  fs.closeSync(fd);
  const t0 = Date.now();
  const rss0 = process.memoryUsage().rss;
  assert.deepEqual(externalDataLocations(file), ["model.onnx_data"]);
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  assert.ok(process.memoryUsage().rss - rss0 < 100 * 2 ** 20);
  fs.rmSync(file);
});
