import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { Table, tableToIPC } from "apache-arrow";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { mergeParts } from "../../src/engine/mergeParts.ts";
import { cacheParts, K, SCHEMA, TEXTS } from "../helpers/cacheParts.ts";

/** The cache of cacheParts() as analyze writes it (one batch), and as lmdiff wrote it before (one batch per part). */
async function bothLayouts(): Promise<{ merged: string; parts: string }> {
  const { dir, batches } = cacheParts();
  const merged = `${dir}-merged.arrow`;
  await mergeParts(dir, SCHEMA, merged);
  const parts = `${dir}-parts.arrow`;
  const t = new Table(batches);
  for (const [k, v] of SCHEMA.metadata) t.schema.metadata.set(k, v);
  fs.writeFileSync(parts, tableToIPC(t, "file"));
  return { merged, parts };
}

test("AnalysisCache.open reads a one-batch cache without copying: every column is a view of one file buffer", async () => {
  const c = AnalysisCache.open((await bothLayouts()).merged);
  const columns = [c.doc, c.token, c.scores.prob, c.scores.logprob, c.scores.rank, c.scores.entropy, c.scores.topkIds, c.scores.topkProbs];
  for (const col of columns) assert.equal(col.buffer, c.doc.buffer);
  assert.ok(c.doc.buffer.byteLength >= fs.statSync(c.path).size, "the buffer is the whole file");
});

test("AnalysisCache.open reads a cache of several batches, as older lmdiff wrote them, with the same rows and texts", async () => {
  const { merged, parts } = await bothLayouts();
  const a = AnalysisCache.open(merged);
  const b = AnalysisCache.open(parts);
  assert.equal(b.nTokens, a.nTokens);
  assert.deepEqual(b.doc, a.doc);
  assert.deepEqual(b.token, a.token);
  assert.deepEqual(b.scores, a.scores);
  for (let d = 0; d < TEXTS.length; d++) assert.equal(b.text(d), a.text(d));
});

test("AnalysisCache.docScores(d) gives views of document d's rows, and none for a document without tokens", async () => {
  const c = AnalysisCache.open((await bothLayouts()).merged);
  const { ids, scores } = c.docScores(2);
  assert.deepEqual(Array.from(ids), [20, 21, 22, 23]);
  assert.equal(ids.buffer, c.token.buffer);
  assert.equal(scores.topkIds.length, 4 * K);
  assert.equal(c.docScores(1).ids.length, 0);
  assert.deepEqual(c.range(1), [c.range(0)[1], c.range(0)[1]]);
  assert.equal(c.text(1), "");
});

test("AnalysisCache counts only real tokens, not the placeholder row of a document without tokens", async () => {
  const c = AnalysisCache.open((await bothLayouts()).merged);
  assert.equal(c.nTokens, 2 + 4 + 5 + 6);
  assert.equal(c.doc.length, c.nTokens + 1);
});

test("AnalysisCache.text and range refuse a document index out of range", async () => {
  const c = AnalysisCache.open((await bothLayouts()).merged);
  assert.throws(() => c.text(TEXTS.length), /document index 5 is out of range \(0 to 4\)/);
  assert.throws(() => c.range(-1), /out of range/);
});
