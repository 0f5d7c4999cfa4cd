import assert from "node:assert/strict";
import { test } from "node:test";
import {
  FixedSizeList,
  Field,
  Int32,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
} from "apache-arrow";
import { columnValues } from "../../src/engine/columnValues.ts";

const listType = new FixedSizeList(2, new Field("item", new Int32(), false));
const schema = new Schema([new Field("a", new Int32(), false), new Field("l", listType, false)]);

/** A batch of rows `from` to `to` − 1: a = row, l = [10·row, 10·row + 1]. */
function batch(from: number, to: number): RecordBatch {
  const n = to - from;
  const a = Int32Array.from({ length: n }, (_, i) => from + i);
  const l = Int32Array.from({ length: 2 * n }, (_, i) => 10 * (from + (i >> 1)) + (i & 1));
  const children = [
    makeData({ type: new Int32(), length: n, data: a }),
    makeData({ type: listType, length: n, child: makeData({ type: new Int32(), length: 2 * n, data: l }) }),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children }));
}

test("columnValues(table, name, Ctor) of a one-batch table is a view of the IPC buffer, not a copy", () => {
  const buf = tableToIPC(new Table([batch(0, 5)]), "file");
  const values = columnValues(tableFromIPC(buf), "a", Int32Array);
  assert.deepEqual(Array.from(values), [0, 1, 2, 3, 4]);
  assert.equal(values.buffer, buf.buffer, "the values share the file's memory");
});

test("columnValues(table, name, Ctor, width) reads a FixedSizeList column row-major, width values per row", () => {
  const buf = tableToIPC(new Table([batch(0, 3)]), "file");
  const values = columnValues(tableFromIPC(buf), "l", Int32Array, 2);
  assert.deepEqual(Array.from(values), [0, 1, 10, 11, 20, 21]);
  assert.equal(values.buffer, buf.buffer);
});

test("columnValues copies a column of several batches into one array, in order", () => {
  const buf = tableToIPC(new Table([batch(0, 2), batch(2, 5)]), "file");
  const t = tableFromIPC(buf);
  assert.deepEqual(Array.from(columnValues(t, "a", Int32Array)), [0, 1, 2, 3, 4]);
  const l = columnValues(t, "l", Int32Array, 2);
  assert.deepEqual(Array.from(l), [0, 1, 10, 11, 20, 21, 30, 31, 40, 41]);
  assert.notEqual(l.buffer, buf.buffer);
});

test("columnValues of an empty column is an empty array", () => {
  const t = new Table({ a: makeVector(new Int32Array(0)) });
  assert.equal(columnValues(t, "a", Int32Array).length, 0);
});

test("columnValues of a missing column is a one-line bad-cache error", () => {
  assert.throws(() => columnValues(new Table([batch(0, 1)]), "b", Int32Array), /cache lacks column b/);
});
