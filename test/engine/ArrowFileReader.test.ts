import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { Field, FixedSizeList, Float32, Int32, Table, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import { ArrowFileReader, type ArrowFileErrors } from "../../src/engine/ArrowFileReader.ts";
import { tempDir } from "../helpers/cacheFiles.ts";

const dir = tempDir("arrow-file-reader");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const ERRORS: ArrowFileErrors = {
  notArrow: () => new Error("not arrow"),
  truncated: () => new Error("truncated"),
  corrupted: (detail) => new Error(`corrupted: ${detail}`),
};

const N = 23;
const ints = Int32Array.from({ length: N }, (_, i) => i * 7 - 40);
const pairs = Float32Array.from({ length: 2 * N }, (_, i) => i / 4);
/** Every third row null, and one text that is not ASCII. */
const texts = Array.from({ length: N }, (_, i) => (i % 3 === 1 ? null : i === 6 ? "Grüße 😀" : `row ${i}`));

/** A file of the three columns in batches of `batch` rows; the list column has a null item at row 17 where `nullItem`. */
function write(name: string, batch: number, nullItem = false): string {
  const list = new FixedSizeList(2, new Field("item", new Float32(), true));
  const items = Array.from(pairs) as (number | null)[];
  if (nullItem) items[2 * 17 + 1] = null;
  const batches = [];
  for (let s = 0; s < N; s += batch) {
    const e = Math.min(N, s + batch);
    const t = new Table({
      a: vectorFromArray(Array.from(ints.subarray(s, e)), new Int32()),
      l: vectorFromArray(
        Array.from({ length: e - s }, (_, i) => items.slice(2 * (s + i), 2 * (s + i) + 2)),
        list,
      ),
      s: vectorFromArray(texts.slice(s, e), new Utf8()),
    });
    batches.push(...t.batches);
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, tableToIPC(new Table(batches), "file"));
  return file;
}

test("ArrowFileReader reads any range of rows of Int32 and fixed-size list columns, and any rows of a Utf8 column, across batches", () => {
  for (const batch of [N, 5, 1]) {
    const r = ArrowFileReader.open(write(`batches-${batch}.arrow`, batch), ERRORS);
    try {
      assert.equal(r.numRows, N);
      assert.equal(r.unsupported, null);
      for (const [s, e] of [
        [0, N],
        [3, 12],
        [4, 5],
        [7, 7],
        [20, N],
      ]) {
        const a = new Int32Array(e - s);
        r.readValues("a", s, e, a);
        assert.deepEqual(Array.from(a), Array.from(ints.subarray(s, e)), `a, rows ${s} to ${e} in batches of ${batch}`);
        const l = new Float32Array(2 * (e - s));
        r.readValues("l", s, e, l);
        assert.deepEqual(Array.from(l), Array.from(pairs.subarray(2 * s, 2 * e)));
        const rows = Int32Array.from({ length: e - s }, (_, i) => s + i);
        assert.deepEqual(r.readStrings("s", s, e, rows), texts.slice(s, e));
        const odd = rows.filter((row) => row % 2 === 1);
        assert.deepEqual(
          r.readStrings("s", s, e, odd),
          Array.from(odd, (row) => texts[row]),
        );
      }
    } finally {
      r.close();
    }
  }
});

test("ArrowFileReader.firstNull finds the first null row or list item, and -1 in a column without nulls", () => {
  for (const batch of [N, 4]) {
    const r = ArrowFileReader.open(write(`nulls-${batch}.arrow`, batch, true), ERRORS);
    try {
      assert.equal(r.firstNull("a"), -1);
      assert.equal(r.firstNull("l"), 17);
      assert.equal(r.firstNull("s"), 1);
    } finally {
      r.close();
    }
  }
});

test("ArrowFileReader.open words a file that is not Arrow, truncated, or with a damaged footer with the caller's errors", () => {
  const good = fs.readFileSync(write("good.arrow", 5));
  const cases: [string, Uint8Array, RegExp][] = [
    ["not-arrow.arrow", Buffer.from("a text file, long enough"), /^not arrow$/],
    ["short.arrow", good.subarray(0, 8), /^not arrow$/],
    ["truncated.arrow", good.subarray(0, good.length - 30), /^truncated$/],
    [
      "footer.arrow",
      (() => {
        const bad = Buffer.from(good);
        bad.writeInt32LE(good.length * 2, good.length - 10);
        return bad;
      })(),
      /^corrupted: footer length \d+ does not fit the file$/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    assert.throws(() => ArrowFileReader.open(file, ERRORS), { message }, name);
  }
});
