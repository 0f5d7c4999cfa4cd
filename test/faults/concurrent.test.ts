/**
 * Several writers of one output at once: `lmdiff analyze -o X` started
 * three times together (and a fourth that arrives mid-way) must each exit 0
 * only with X complete; the output holds every row, exactly once.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { before, test } from "node:test";
import { assertNoCrash, assertSameRows, corpusFile, lmdiff, sleep, start, strays, tempDir } from "./faultKit.ts";

const dir = tempDir("concurrent");
let corpus = "";
let reference = "";
before(() => {
  corpus = corpusFile(dir, 600);
  reference = path.join(dir, "reference.arrow");
  const r = lmdiff(dir, ["analyze", "tiny-en-distil", corpus, "-o", reference, "--workers", "1"]);
  assert.equal(r.code, 0, r.err);
});

test("analyze runs started together on one output: all succeed, one computes, the others wait and reuse its complete cache", async () => {
  const out = path.join(dir, "shared.arrow");
  const args = ["analyze", "tiny-en-distil", corpus, "-o", out, "--workers", "1"];
  const runs = [start(dir, args), start(dir, args), start(dir, args)];
  await sleep(700);
  runs.push(start(dir, args));
  const results = await Promise.all(runs.map((r) => r.done));
  for (const r of results) {
    assert.equal(r.code, 0, r.err);
    assertNoCrash(r);
    assert.equal(r.out.trim(), out, "each run reports the one output");
  }
  const waited = results.filter((r) => /waiting for another lmdiff run \(pid \d+/.test(r.err)).length;
  assert.ok(waited >= 1, `the runs that found the output busy said so (${waited} did)`);
  assertSameRows(out, reference);
  assert.deepEqual(strays(dir), []);
});
