import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import { compressionRegistry, CompressionType, RecordBatchFileWriter, tableFromIPC, type Table } from "apache-arrow";
import { compareCaches } from "../../src/api/compare.ts";
import { CorpusComparison } from "../../src/api/CorpusComparison.ts";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { CacheReader } from "../../src/engine/CacheReader.ts";
import { compareCacheFiles, comparisonTable } from "../../src/engine/compareCaches.ts";
import { PairCache } from "../../src/engine/PairCache.ts";
import { cacheDocs, cacheMeta, DOC_TOKENS, tempDir, writeCache, writePairCache } from "../helpers/cacheFiles.ts";

const dir = tempDir("compare-caches");
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const m1 = cacheMeta("m1", 3);
const m2 = cacheMeta("m2", 3);
const a = writeCache(path.join(dir, "a.arrow"), m1, cacheDocs(1, 3));
const b = writeCache(path.join(dir, "b.arrow"), m2, cacheDocs(2, 3));
/** Model 2's cache in batches of 5 documents, as lmdiff wrote caches before it merged them into one batch. */
const bParts = writeCache(path.join(dir, "b-parts.arrow"), m2, cacheDocs(2, 3), 5);
/** Model 2 with top-2 lists: compared at k = 2. */
const b2 = writeCache(path.join(dir, "b-k2.arrow"), cacheMeta("m2", 2), cacheDocs(2, 2));
const pair = writePairCache(path.join(dir, "pair.arrow"), m1, m2);
const pairParts = writePairCache(path.join(dir, "pair-parts.arrow"), m1, m2, 4);

/** Every column of a table as plain arrays (NaN compares equal to NaN under deepStrictEqual), and its metadata. */
function contents(t: Table) {
  return {
    metadata: Object.fromEntries(t.schema.metadata),
    columns: Object.fromEntries(t.schema.fields.map((f) => [f.name, Array.from(t.getChild(f.name)!.toArray() as ArrayLike<unknown>)])),
  };
}

function inMemory(fa: string, fb: string, p?: string): Table {
  return comparisonTable(AnalysisCache.open(fa), AnalysisCache.open(fb), { maxClampRank: 7, pair: p ? PairCache.open(p) : null });
}

test("compareCacheFiles gives comparisonTable's table, in chunks that cut documents and skip documents without tokens", () => {
  const expected = contents(inMemory(a, b));
  assert.equal(expected.columns.index.length, DOC_TOKENS.length);
  assert.deepEqual(expected.columns.n_tokens, DOC_TOKENS);
  for (const chunkRows of [1, 4, 6, 1 << 16]) {
    const { table, meta } = compareCacheFiles(a, b, { maxClampRank: 7, chunkRows });
    assert.deepEqual(contents(table), expected, `chunks of ${chunkRows} rows`);
    assert.deepEqual(
      meta.map((m) => m.modelName),
      ["m1", "m2"],
    );
  }
});

test("compareCacheFiles reads a cache of several batches, and caches of different top-k, as comparisonTable does", () => {
  assert.deepEqual(contents(compareCacheFiles(a, bParts, { maxClampRank: 7, chunkRows: 4 }).table), contents(inMemory(a, bParts)));
  assert.deepEqual(contents(compareCacheFiles(a, b2, { maxClampRank: 7, chunkRows: 4 }).table), contents(inMemory(a, b2)));
  assert.deepEqual(contents(compareCacheFiles(b2, a, { maxClampRank: 7, chunkRows: 3 }).table), contents(inMemory(b2, a)));
});

test("compareCacheFiles with a pair cache has comparisonTable's joint measures, in either order of the models", () => {
  for (const p of [pair, pairParts]) {
    const fwd = compareCacheFiles(a, b, { maxClampRank: 7, pair: p, chunkRows: 4 }).table;
    assert.equal(fwd.schema.metadata.get("lmdiff.joint"), "true");
    assert.ok(fwd.getChild("kl_mean"));
    assert.deepEqual(contents(fwd), contents(inMemory(a, b, p)));
    const rev = compareCacheFiles(bParts, a, { maxClampRank: 7, pair: p, chunkRows: 5 }).table;
    assert.deepEqual(contents(rev), contents(inMemory(bParts, a, p)));
  }
});

test("compareCaches of files streams them and opens the caches only for a token-level view", () => {
  const r = compareCaches(a, b, { maxClampRank: 7, pair });
  assert.deepEqual(contents(r.table), contents(inMemory(a, b, pair)));
  assert.deepEqual(r.notes, []);
  // Statistics over the tokens open both caches (and the pair cache) then.
  const inMemoryStats = CorpusComparison.fromCaches(AnalysisCache.open(a), AnalysisCache.open(b), { pair: PairCache.open(pair) }).stats({
    resamples: 50,
  });
  assert.deepEqual(r.stats({ resamples: 50 }).report, inMemoryStats.report);
  assert.deepEqual(compareCaches(a, b2).notes, ["top-k lists compared at k = 2 (model 1 recorded 3, model 2 recorded 2)"]);
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

test("compareCaches of a damaged or truncated file gives the one-line error of opening it", () => {
  // A probability above 1 in document 10, which a late chunk holds.
  const docs = cacheDocs(2, 3);
  docs[10].scores.prob[3] = 1.5;
  const bad = writeCache(path.join(dir, "bad.arrow"), m2, docs);
  const bytes = fs.readFileSync(b);
  const truncated = path.join(dir, "truncated.arrow");
  fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
  // Rows of a document beyond n_docs, after the last one the comparison needs.
  const extra = writeCache(path.join(dir, "extra.arrow"), m2, [...cacheDocs(2, 3), cacheDocs(2, 3)[3]]);
  for (const file of [bad, truncated, extra]) {
    const expected = errorOf(() => AnalysisCache.open(file));
    assert.match(expected, /^lmdiff: .*(corrupted|truncated)/);
    assert.ok(!expected.includes("\n"));
    assert.equal(
      errorOf(() => compareCaches(a, file)),
      expected,
    );
    assert.equal(
      errorOf(() => compareCacheFiles(a, file, { chunkRows: 4 })),
      expected,
    );
  }
  assert.match(
    errorOf(() => compareCaches(a, bad)),
    /column prob holds 1\.5 at row \d+ \(expected a probability from 0 to 1\); the cache is corrupted/,
  );
});

test("compareCacheFiles refuses a pair cache of other caches, or whose rows are not model 1's, as comparisonTable does", () => {
  const other = writePairCache(path.join(dir, "pair-other.arrow"), m1, cacheMeta("m3", 3));
  assert.equal(
    errorOf(() => compareCacheFiles(a, b, { pair: other })),
    errorOf(() => inMemory(a, b, other)),
  );
  // Rows of other documents: model 1's documents 0 and 1 swapped in the pair cache's doc column.
  const t = tableFromIPC(fs.readFileSync(pair));
  const doc = t.getChild("doc")!.data[0].values as Int32Array;
  [doc[0], doc[2]] = [1, 1];
  const shifted = path.join(dir, "pair-shifted.arrow");
  fs.writeFileSync(shifted, RecordBatchFileWriter.writeAll(t).toUint8Array(true));
  assert.match(
    errorOf(() => compareCacheFiles(a, b, { pair: shifted, chunkRows: 4 })),
    /does not line up with .*a\.arrow/,
  );
  assert.equal(
    errorOf(() => compareCacheFiles(a, b, { pair: shifted })),
    errorOf(() => inMemory(a, b, shifted)),
  );
});

test("compareCacheFiles compares a cache of compressed batches in memory, as Arrow's reader reads it", () => {
  // A codec that only adds and strips a zstd frame's magic number and header stands for zstd:
  // enough for Arrow to write and read compressed batches.
  const header = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0, 0);
  compressionRegistry.set(CompressionType.ZSTD, {
    encode: (x) => Uint8Array.from([...header, ...x]),
    decode: (x) => x.slice(header.length),
  });
  const compressed = path.join(dir, "b-compressed.arrow");
  const writer = new RecordBatchFileWriter({ compressionType: CompressionType.ZSTD });
  fs.writeFileSync(compressed, writer.writeAll(tableFromIPC(fs.readFileSync(b))).toUint8Array(true));
  const reader = CacheReader.open(compressed);
  reader.close();
  assert.equal(reader.unsupported, "record batch 0 is compressed");
  assert.deepEqual(contents(compareCacheFiles(a, compressed, { maxClampRank: 7 }).table).columns, contents(inMemory(a, b)).columns);
});
