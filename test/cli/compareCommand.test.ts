import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, mock, test } from "node:test";
import { main } from "../../src/cli/main.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { loadModel } from "../../src/engine/Model.ts";

// These tests run the command in-process from the sources (test/cli/cli.test.ts runs the built CLI).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-compare-command-"));
const file = (name: string) => path.join(dir, name);

before(async () => {
  const ds = inlineDataset(["The quick brown fox jumps over the lazy dog.", "In the beginning was the Word."], "two");
  const m1 = await loadModel("tiny-en", { workers: 0 });
  const m2 = await loadModel("tiny-en-bible", { workers: 0 });
  try {
    await analyze(m1, ds, { output: file("a10.arrow"), topK: 10 });
    await analyze(m2, ds, { output: file("b5.arrow"), topK: 5 });
    await analyze(m2, ds, { output: file("b10.arrow"), topK: 10 });
  } finally {
    await m1.dispose();
    await m2.dispose();
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run `lmdiff ...args` in this process, capturing what it writes. */
async function lmdiff(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = mock.method(process.stdout, "write", (s: string) => out.push(String(s)) > 0);
  const stderr = mock.method(process.stderr, "write", (s: string) => err.push(String(s)) > 0);
  try {
    const code = await main(["node", "lmdiff", ...args]);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    stdout.mock.restore();
    stderr.mock.restore();
  }
}

test("lmdiff compare notes on stderr that caches of top-k 10 and 5 are compared at k = 5", async () => {
  const r = await lmdiff("compare", file("a10.arrow"), file("b5.arrow"), "-n", "1");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, "lmdiff: note: top-k lists compared at k = 5 (model 1 recorded 10, model 2 recorded 5)\n");
  assert.match(r.out, /^lmdiff: tiny-en \(model 1\) vs tiny-en-bible \(model 2\)/);
  assert.doesNotMatch(r.out, /Note/);
});

test("lmdiff --quiet compare prints no note", async () => {
  const r = await lmdiff("--quiet", "compare", file("a10.arrow"), file("b5.arrow"), "-n", "1");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, "");
});

test("lmdiff compare prints no note for caches of the same top-k", async () => {
  const r = await lmdiff("compare", file("a10.arrow"), file("b10.arrow"), "-n", "1");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, "");
});

test("lmdiff compare with a bad option prints the error alone, without the note", async () => {
  const r = await lmdiff("compare", file("a10.arrow"), file("b5.arrow"), "--measure", "nope");
  assert.equal(r.code, 1);
  assert.equal(r.err.trim().split("\n").length, 1, r.err);
  assert.match(r.err, /^lmdiff: .*nope/);
});
