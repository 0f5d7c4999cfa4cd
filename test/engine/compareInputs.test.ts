import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { compareText } from "../../src/engine/compare.ts";
import { compare, Model } from "../../src/index.ts";

// The inputs of compare() are checked before anything is scored, and where
// possible before any model is loaded; these tests pin the messages.
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-compare-inputs-"));
const opts = { cacheDir };
let m1: Model;
let m2: Model;
before(async () => {
  m1 = await Model.load("tiny-en");
  m2 = await Model.load("tiny-en-distil");
});
after(async () => {
  await m1.dispose();
  await m2.dispose();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const oneLine = (pattern: RegExp) => (e: Error) => {
  assert.equal(e.name, "LmdiffError");
  assert.equal(e.message.split("\n").length, 1, e.message);
  assert.match(e.message, pattern);
  return true;
};

test("compare(m1, m2, []) rejects an empty corpus with the CLI's empty-dataset message", async () => {
  await assert.rejects(compare("tiny-en", "tiny-en-distil", [], opts), oneLine(/^lmdiff: an empty array of texts: the dataset has no texts$/));
  await assert.rejects(compare(m1, m2, ["", "  "], opts), oneLine(/the dataset has no texts/));
});

test("compare(m1, m2, texts) names the first text that is not a string, and its type", async () => {
  const bad = (texts: unknown[]) => compare("tiny-en", "tiny-en-distil", texts as string[], opts);
  await assert.rejects(bad([1, 2, 3]), oneLine(/^lmdiff: the text at index 0 of the corpus is a number, not a string$/));
  await assert.rejects(bad(["a", "b", null, 4]), oneLine(/the text at index 2 of the corpus is null, not a string/));
  await assert.rejects(compare(m1, m2, { name: "x", type: "inline", texts: ["a", 1], checksum: "0", skipped: 0, source: "(inline)" } as never, opts), oneLine(/index 1 of the corpus is a number/));
});

test("compare() checks the corpus and the top-k before it loads any model", async () => {
  // With a model that does not exist, only a check that runs before loading can answer.
  await assert.rejects(compare("no-such-model", "tiny-en-distil", [1] as unknown as string[], opts), /index 0 of the corpus is a number/);
  await assert.rejects(compare("no-such-model", "tiny-en-distil", "a text", { ...opts, topK: 0 }), /invalid top-k 0 \(expected an integer from 1 up\)/);
  await assert.rejects(compare("no-such-model", "tiny-en-distil", "  ", opts), /the text is empty/);
});

test("compare() rejects a top-k larger than the vocabulary, for a text and for a corpus", async () => {
  const range = /^lmdiff: invalid top-k 100000 \(expected an integer from 1 to 4096, the vocabulary size\)$/;
  await assert.rejects(compare("tiny-en", "tiny-en-distil", "Hello world", { ...opts, topK: 100000 }), oneLine(range));
  await assert.rejects(compare(m1, m2, ["Hello world"], { ...opts, topK: 100000 }), oneLine(range));
});

test("compareText(a, b, text, topK) rejects a top-k larger than the vocabulary for every caller, the server's included", async () => {
  await assert.rejects(compareText(m1, m2, "Hello world", 100000), /invalid top-k 100000 \(expected an integer from 1 to 4096, the vocabulary size\)/);
  await assert.rejects(compareText(m1, m2, "Hello world", 0), /invalid top-k 0 /);
  const r = await compareText(m1, m2, "Hello world", 4096);
  assert.equal(r.data.k, 4096);
});
