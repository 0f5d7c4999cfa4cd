import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { Table, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { CacheReader } from "../../src/engine/CacheReader.ts";
import { cacheDocs, cacheMeta, DOC_TOKENS, tempDir, writeCache } from "../helpers/cacheFiles.ts";

const dir = tempDir("cache-reader");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every document of a reader, in order, with copies of its values (a chunk's arrays are reused). */
function readAll(file: string, chunkRows: number) {
  const r = CacheReader.open(file);
  try {
    const docs = [];
    let chunks = 0;
    for (const c of r.chunks(chunkRows)) {
      chunks++;
      for (let d = c.firstDoc; d < c.firstDoc + c.length; d++) {
        const { ids, scores } = c.docScores(d);
        docs.push({
          d,
          range: c.range(d),
          ids: Array.from(ids),
          prob: Array.from(scores.prob),
          topk: Array.from(scores.topkIds),
          text: c.text(d),
        });
      }
    }
    return { docs, chunks };
  } finally {
    r.close();
  }
}

/** The same from AnalysisCache, which reads the whole file. */
function openAll(file: string) {
  const c = AnalysisCache.open(file);
  return DOC_TOKENS.map((_, d) => {
    const { ids, scores } = c.docScores(d);
    return { d, range: c.range(d), ids: Array.from(ids), prob: Array.from(scores.prob), topk: Array.from(scores.topkIds), text: c.text(d) };
  });
}

test("CacheReader.chunks gives every document whole, in order, with AnalysisCache's rows, scores and texts", () => {
  const file = writeCache(path.join(dir, "one.arrow"), cacheMeta("m1", 3), cacheDocs(1, 3));
  const expected = openAll(file);
  // 4 rows cut document 2 (7 tokens), which then comes whole in a chunk of its own.
  for (const rows of [1, 4, 5, 1000]) {
    const { docs, chunks } = readAll(file, rows);
    assert.deepEqual(docs, expected, `chunks of ${rows} rows`);
    if (rows === 1000) assert.equal(chunks, 1);
    else assert.ok(chunks > 3, `${chunks} chunks of ${rows} rows`);
  }
});

test("CacheReader reads a cache of several batches across their boundaries", () => {
  const docs = cacheDocs(1, 3);
  const merged = writeCache(path.join(dir, "merged.arrow"), cacheMeta("m1", 3), docs);
  const parts = writeCache(path.join(dir, "parts.arrow"), cacheMeta("m1", 3), docs, 5);
  assert.equal(tableFromIPC(fs.readFileSync(parts)).batches.length, 3);
  for (const rows of [3, 4, 1000]) assert.deepEqual(readAll(parts, rows).docs, openAll(merged));
});

test("CacheReader.chunks reads a bounded number of rows at a time, however long the cache", () => {
  const file = writeCache(path.join(dir, "bounded.arrow"), cacheMeta("m1", 3), cacheDocs(1, 3));
  const r = CacheReader.open(file);
  try {
    const longest = Math.max(...DOC_TOKENS);
    for (const c of r.chunks(4)) assert.ok(c.endRow - c.firstRow <= Math.max(4, longest), `${c.endRow - c.firstRow} rows`);
  } finally {
    r.close();
  }
});

/** The message of the error that f throws. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail("no error");
}

test("CacheReader refuses a damaged cache with AnalysisCache.open's one-line error, wherever the damage is", () => {
  const meta = cacheMeta("m1", 3);
  const good = fs.readFileSync(writeCache(path.join(dir, "good.arrow"), meta, cacheDocs(1, 3)));
  const damaged: Record<string, Uint8Array> = {
    truncated: good.subarray(0, good.length - 40),
    "not Arrow": Buffer.from("not an arrow file at all"),
    "n_docs too large": (() => {
      const t = tableFromIPC(good);
      t.schema.metadata.set("lmdiff.n_docs", String(DOC_TOKENS.length + 1));
      return tableToIPC(t, "file");
    })(),
    // A value the chunk of the last document holds: found only when that chunk is read.
    "bad rank late": fs.readFileSync(
      writeCache(
        path.join(dir, "late.arrow"),
        meta,
        cacheDocs(1, 3).map((d, i) => (i === 10 ? { ...d, scores: { ...d.scores, rank: Int32Array.from(d.scores.rank, () => 0) } } : d)),
      ),
    ),
    "null entropy": (() => {
      const t = tableFromIPC(good);
      const entropy = Array.from(t.getChild("entropy")!.toArray() as Float32Array) as (number | null)[];
      entropy[20] = null;
      const cols = Object.fromEntries(
        t.schema.fields.map((f) => [f.name, f.name === "entropy" ? vectorFromArray(entropy, f.type) : t.getChild(f.name)!]),
      );
      const out = new Table(cols);
      for (const [k, v] of t.schema.metadata) out.schema.metadata.set(k, v);
      return tableToIPC(out, "file");
    })(),
  };
  for (const [what, bytes] of Object.entries(damaged)) {
    const file = path.join(dir, `${what.replace(/ /g, "-")}.arrow`);
    fs.writeFileSync(file, bytes);
    const expected = errorOf(() => AnalysisCache.open(file));
    assert.equal(
      errorOf(() => readAll(file, 4)),
      expected,
      what,
    );
    assert.ok(!expected.includes("\n"), `${what}: ${expected}`);
  }
  const missing = path.join(dir, "missing.arrow");
  assert.equal(
    errorOf(() => CacheReader.open(missing)),
    errorOf(() => AnalysisCache.open(missing)),
  );
});
