import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { bundledDatasets, inlineDataset, loadDataset, textsChecksum } from "../../src/engine/Dataset.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-ds-"));
const write = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

test("loadDataset reads the paper's format and verifies its checksum", () => {
  const body = "first text\nsecond text\n";
  const p = write("ok.txt", `---\nname: demo\ntype: test\nchecksum: ${sha(body)}\n---\n${body}`);
  const d = loadDataset(p);
  assert.equal(d.name, "demo");
  assert.equal(d.type, "test");
  assert.deepEqual(d.texts, ["first text", "second text"]);
  assert.equal(d.checksum, textsChecksum(d.texts));
});

test("loadDataset rejects a body that does not match its checksum", () => {
  const p = write("bad.txt", `---\nname: demo\nchecksum: ${sha("other\n")}\n---\nfirst text\n`);
  assert.throws(() => loadDataset(p), /checksum mismatch/);
});

test("loadDataset reads an all-digit checksum as written, not as a YAML number", () => {
  const p = write("digits.txt", `---\nname: d\nchecksum: ${"1".repeat(64)}\n---\nx\n`);
  assert.throws(() => loadDataset(p), /checksum mismatch \(front matter says 111111111111/);
  assert.throws(() => loadDataset(write("short.txt", "---\nchecksum: 0000\n---\nx\n")), /invalid checksum "0000"/);
});

test("loadDataset skips and counts blank lines in plain text, CRLF included", () => {
  const d = loadDataset(write("plain.txt", "a\r\n\r\nb\n   \nc\n"));
  assert.deepEqual(d.texts, ["a", "b", "c"]);
  assert.equal(d.skipped, 2);
});

test("loadDataset reads JSON Lines with a chosen field, and says which line is bad", () => {
  const p = write("d.jsonl", '{"text":"a","x":"1"}\n\n{"text":"b","x":"2"}\n');
  assert.deepEqual(loadDataset(p).texts, ["a", "b"]);
  assert.deepEqual(loadDataset(p, { field: "x" }).texts, ["1", "2"]);
  assert.throws(() => loadDataset(write("bad.jsonl", '{"text":"a"}\n{oops\n')), /bad.jsonl:2: invalid JSON/);
  assert.throws(() => loadDataset(p, { field: "nope" }), /no string field "nope"/);
});

test("loadDataset reads CSV with quoted fields and a chosen column", () => {
  const p = write("d.csv", 'id,body\n1,"hello, ""world"""\n2,"two\nlines"\n');
  assert.deepEqual(loadDataset(p, { column: "body" }).texts, ['hello, "world"', "two\nlines"]);
  assert.throws(() => loadDataset(p), /no column "text" \(columns: id, body/);
});

test("loadDataset reads CSV with a BOM, CRLF line ends, quoted commas and quoted newlines", () => {
  const p = write("crlf.csv", '\ufeffid,text\r\n1,"a, b"\r\n2,"two\r\nlines"\r\n3,plain\r\n');
  assert.deepEqual(loadDataset(p).texts, ["a, b", "two\r\nlines", "plain"]);
});

test("loadDataset skips and counts blank lines and empty cells in CSV, as before", () => {
  const d = loadDataset(write("blanks.csv", 'id,text\n1,a\n\n2,""\n3,   \n4,b\n'));
  assert.deepEqual(d.texts, ["a", "b"]);
  assert.equal(d.skipped, 3);
  // The checksum of a valid file is that of its texts, as with d3-dsv before.
  assert.equal(d.checksum, textsChecksum(["a", "b"]));
});

test("loadDataset rejects a CSV row with too few fields, naming the file and the line", () => {
  // The row on line 6 lacks the text column; it used to be dropped as a blank line.
  const p = write("short.csv", 'id,text,x\n1,a,b\n"2","multi\nline",c\n\n3\n4,d,e\n');
  assert.throws(
    () => loadDataset(p),
    (e: Error) => {
      assert.equal(e.name, "LmdiffError");
      assert.equal(e.message, `lmdiff: ${p} line 6: 1 field where the header has 3; quote fields that contain commas or line breaks`);
      return true;
    },
  );
});

test("loadDataset rejects a CSV row with an unquoted comma, naming the line", () => {
  const p = write("comma.csv", "id,text\n1,a\n2,hello, world\n");
  assert.throws(() => loadDataset(p), new RegExp(`^LmdiffError: lmdiff: ${p} line 3: 3 fields where the header has 2; quote fields`));
});

test("loadDataset rejects a CSV file with an unterminated quote instead of reading the rest as one text", () => {
  const p = write("open.csv", 'id,text\n1,a\n2,"b\n3,c\n4,d\n');
  assert.throws(
    () => loadDataset(p),
    (e: Error) => {
      assert.match(e.message, new RegExp(`^lmdiff: ${p} line 3: a quoted field starts here and is never closed`));
      assert.equal(e.message.split("\n").length, 1);
      return true;
    },
  );
  assert.throws(() => loadDataset(write("stray.csv", 'id,text\n1,a"b\n')), /stray.csv line 2: a quote inside an unquoted field/);
  assert.throws(() => loadDataset(write("after.csv", 'id,text\n1,"a"b\n')), /after.csv line 2: text follows the closing quote/);
});

test("loadDataset rejects an empty CSV file and one with only a header", () => {
  assert.throws(() => loadDataset(write("empty.csv", "")), /empty.csv: no column "text" \(the file is empty/);
  assert.throws(() => loadDataset(write("header.csv", "id,text\n")), /header.csv: the dataset has no texts/);
});

test("loadDataset rejects invalid UTF-8, empty files, unknown names and formats", () => {
  assert.throws(() => loadDataset(write("latin1.txt", Buffer.from([0x66, 0xfc, 0x72, 0x0a]) as unknown as string)), /not valid UTF-8/);
  assert.throws(() => loadDataset(write("empty.txt", "\n\n")), /has no texts/);
  assert.throws(() => loadDataset("no-such-dataset"), /unknown dataset "no-such-dataset" .*fortunes-en/);
  assert.throws(() => loadDataset(write("x.xml", "<a/>")), /unsupported dataset format/);
});

test("the bundled corpora load by name with valid checksums and at least 500 texts", () => {
  const names = bundledDatasets().map((d) => d.name);
  for (const n of ["fortunes-en", "kjv", "fortunes-de", "tiny-en-samples", "coref", "coref-addendum"]) {
    assert.ok(names.includes(n), n);
    assert.ok(loadDataset(n).texts.length >= 500, n);
  }
});

test("inlineDataset rejects an empty array, all-blank texts and non-strings, naming the first bad index", () => {
  assert.throws(() => inlineDataset([]), /^LmdiffError: lmdiff: an empty array of texts: the dataset has no texts$/);
  assert.throws(() => inlineDataset(["", " "]), /2 blank texts: the dataset has no texts/);
  const bad = (v: unknown) => () => inlineDataset(v as string[]);
  assert.throws(bad(["a", 2, null]), /^LmdiffError: lmdiff: the text at index 1 of the corpus is a number, not a string$/);
  assert.throws(bad(["a", "b", null]), /index 2 of the corpus is null, not a string/);
  assert.throws(bad([["a"]]), /index 0 of the corpus is an array/);
  assert.throws(bad([{ text: "a" }]), /index 0 of the corpus is an object/);
  // A hole, not a stored undefined: index 1 is never set.
  const holey: unknown[] = ["a"];
  holey[2] = "b";
  assert.throws(bad(holey), /index 1 of the corpus is undefined/);
  assert.throws(bad("a text"), /the corpus is a string, not an array of strings/);
});

test("inlineDataset drops blank texts and identifies the corpus by content", () => {
  const a = inlineDataset(["x", " ", "y"]);
  assert.deepEqual(a.texts, ["x", "y"]);
  assert.equal(a.skipped, 1);
  assert.equal(a.checksum, inlineDataset(["x", "y"]).checksum);
});
