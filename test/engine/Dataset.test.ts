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

test("inlineDataset drops blank texts and identifies the corpus by content", () => {
  const a = inlineDataset(["x", " ", "y"]);
  assert.deepEqual(a.texts, ["x", "y"]);
  assert.equal(a.skipped, 1);
  assert.equal(a.checksum, inlineDataset(["x", "y"]).checksum);
});
