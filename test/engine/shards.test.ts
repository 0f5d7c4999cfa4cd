import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { AnalysisShard } from "../../src/engine/AnalysisShard.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset, loadDataset } from "../../src/engine/Dataset.ts";
import { mergeShards } from "../../src/engine/mergeShards.ts";
import { Model } from "../../src/engine/Model.ts";

// Sharding is tested end to end (scoring, shard files, merging) on the
// smallest bundled model, on the main thread, with top-k 5 to keep files small.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-shards-"));
const file = (name: string) => path.join(dir, name);
const K = 5;
const ds = inlineDataset(loadDataset("fortunes-en").texts.slice(0, 10), "fortunes-10");
let model: Model;
/** Shard i of 3 of ds, written in before(). */
const shard3 = (i: number) => file(`s${i}of3.arrow`);

before(async () => {
  model = await Model.load("tiny-en", { workers: 0 });
  await analyze(model, ds, { output: file("full.arrow"), topK: K });
  for (let i = 0; i < 3; i++) await analyze(model, ds, { output: shard3(i), topK: K, shard: { index: i, count: 3 } });
});
after(async () => {
  await model.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The files of `dir` whose names start with `prefix`. */
const filesOf = (prefix: string) => fs.readdirSync(dir).filter((f) => f.startsWith(prefix));

test("analyze with shard i/n scores documents [⌊iN/n⌋, ⌊(i+1)N/n⌋) under their dataset indices, marked as shard i/n", async () => {
  const s = await analyze(model, ds, { output: shard3(1), topK: K, shard: { index: 1, count: 3 } });
  assert.ok(s instanceof AnalysisShard);
  assert.deepEqual(s.shard, { index: 1, count: 3, first: 3, end: 6 });
  assert.equal(s.meta.nDocs, 10, "the metadata is the whole analysis's");
  const t = tableFromIPC(fs.readFileSync(shard3(1)));
  assert.equal(t.schema.metadata.get("lmdiff.shard"), "1/3");
  assert.equal(t.schema.metadata.get("lmdiff.shard_first_doc"), "3");
  assert.equal(t.schema.metadata.get("lmdiff.shard_end_doc"), "6");
  const docs = new Set(t.getChild("doc")!.toArray() as Int32Array);
  assert.deepEqual([...docs], [3, 4, 5]);
  // The shard's rows are the unsharded cache's rows of the same documents.
  const full = AnalysisCache.open(file("full.arrow"));
  const [a] = full.range(3);
  const [, b] = full.range(5);
  assert.deepEqual(t.getChild("rank")!.toArray(), full.scores.rank.subarray(a, b));
  assert.deepEqual(filesOf("s1of3.arrow."), [], "no partial folder, lock or temporary file is left");
});

test("mergeShards joins shards 0 to n−1, given in any order, into the bytes of an unsharded analysis", async () => {
  const cache = await mergeShards([shard3(2), shard3(0), shard3(1)], { output: file("merged.arrow") });
  assert.deepEqual(fs.readFileSync(file("merged.arrow")), fs.readFileSync(file("full.arrow")));
  assert.equal(cache.meta.nDocs, 10);
  assert.equal(cache.text(9), ds.texts[9]);
  assert.deepEqual(filesOf("merged.arrow."), [], "no lock or temporary file is left");
});

test("mergeShards merges a split into more shards than documents, empty shards included, into the same bytes", async () => {
  const small = inlineDataset(["One text.", "Another one, a little longer.", "The third."], "three");
  await analyze(model, small, { output: file("three.arrow"), topK: K });
  const parts: string[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await analyze(model, small, { output: file(`three-${i}of5.arrow`), topK: K, shard: { index: i, count: 5 } });
    parts.push(s.path);
  }
  const empty = await AnalysisShard.read(parts[0]);
  assert.deepEqual(empty.shard, { index: 0, count: 5, first: 0, end: 0 });
  await mergeShards(parts, { output: file("three-merged.arrow") });
  assert.deepEqual(fs.readFileSync(file("three-merged.arrow")), fs.readFileSync(file("three.arrow")));
});

test("mergeShards of a single shard 0/1 gives the unsharded cache", async () => {
  const s = await analyze(model, ds, { output: file("s0of1.arrow"), topK: K, shard: { index: 0, count: 1 } });
  await mergeShards([s.path], { output: file("one.arrow") });
  assert.deepEqual(fs.readFileSync(file("one.arrow")), fs.readFileSync(file("full.arrow")));
});

test("AnalysisCache.open refuses a shard with one line that says which shard it is and to run lmdiff merge", () => {
  assert.throws(
    () => AnalysisCache.open(shard3(2)),
    (e: Error) => {
      assert.equal(e.message.split("\n").length, 1);
      assert.match(
        e.message,
        /^lmdiff: .*s2of3\.arrow is shard 2 of 3 of an analysis \(documents 6 to 9\), not a finished cache; join all 3 shards with lmdiff merge/,
      );
      return true;
    },
  );
});

test("mergeShards names the missing shards and writes nothing", async () => {
  await assert.rejects(mergeShards([shard3(0), shard3(2)], { output: file("gap.arrow") }), /^LmdiffError: lmdiff: missing shard 1\/3 /);
  await assert.rejects(
    mergeShards([shard3(2)], { output: file("gap.arrow") }),
    /lmdiff: missing shards 0\/3, 1\/3 \(a merge needs all 3 shards/,
  );
  assert.deepEqual(filesOf("gap.arrow"), []);
});

test("mergeShards refuses a shard given twice, naming both files", async () => {
  fs.copyFileSync(shard3(1), file("copy-of-s1.arrow"));
  await assert.rejects(
    mergeShards([shard3(0), shard3(1), file("copy-of-s1.arrow"), shard3(2)], { output: file("twice.arrow") }),
    (e: Error) => e.message === `lmdiff: shard 1/3 is given twice: ${shard3(1)} and ${file("copy-of-s1.arrow")}`,
  );
  assert.deepEqual(filesOf("twice.arrow"), []);
});

test("mergeShards refuses shards of different analyses with one line naming the two files and what differs", async () => {
  const otherK = await analyze(model, ds, { output: file("k4-s1of3.arrow"), topK: 4, shard: { index: 1, count: 3 } });
  await assert.rejects(
    mergeShards([shard3(0), otherK.path, shard3(2)], { output: file("mixed.arrow") }),
    (e: Error) => e.message === `lmdiff: ${shard3(0)} and ${otherK.path} differ in top-k (5 vs 4); they are not shards of one analysis`,
  );
  const otherData = inlineDataset(loadDataset("fortunes-en").texts.slice(10, 20), "fortunes-10-more");
  const otherDs = await analyze(model, otherData, { output: file("data-s1of3.arrow"), topK: K, shard: { index: 1, count: 3 } });
  await assert.rejects(
    mergeShards([shard3(0), otherDs.path, shard3(2)], { output: file("mixed.arrow") }),
    /s0of3\.arrow and .*data-s1of3\.arrow differ in dataset checksum \([0-9a-f]{12}… vs [0-9a-f]{12}…\)/,
  );
  const other = await Model.load("tiny-en-bible", { workers: 0 });
  try {
    const otherModel = await analyze(other, ds, { output: file("bible-s1of3.arrow"), topK: K, shard: { index: 1, count: 3 } });
    await assert.rejects(
      mergeShards([shard3(0), otherModel.path, shard3(2)], { output: file("mixed.arrow") }),
      /differ in model \(ONNX sha256\)/,
    );
  } finally {
    await other.dispose();
  }
  const half = await analyze(model, ds, { output: file("s1of2.arrow"), topK: K, shard: { index: 1, count: 2 } });
  await assert.rejects(
    mergeShards([shard3(0), half.path], { output: file("mixed.arrow") }),
    /s0of3\.arrow and .*s1of2\.arrow differ in number of shards \(3 vs 2\)/,
  );
  assert.deepEqual(filesOf("mixed.arrow"), []);
});

test("mergeShards refuses a finished cache among the shards", async () => {
  await assert.rejects(
    mergeShards([file("full.arrow"), shard3(1)], { output: file("cache-in.arrow") }),
    /full\.arrow is a finished analysis cache, not a shard; lmdiff merge joins the shards that lmdiff analyze --shard i\/n writes/,
  );
});

test("a shard whose rows are not the documents its metadata names stops the merge, naming it, and leaves no output", async () => {
  // Shard 0's rows under shard 1's metadata: a mislabelled file.
  const rows = tableFromIPC(fs.readFileSync(shard3(0)));
  const label = tableFromIPC(fs.readFileSync(shard3(1))).schema;
  const schema = new Schema(label.fields, label.metadata);
  const forged = new Table(rows.batches.map((b) => new RecordBatch(schema, b.data)));
  fs.writeFileSync(file("forged-s1of3.arrow"), tableToIPC(forged, "file"));
  await assert.rejects(
    mergeShards([shard3(0), file("forged-s1of3.arrow"), shard3(2)], { output: file("forged.arrow") }),
    /forged-s1of3\.arrow: column doc holds 0 at row 0, but shard 1\/3 holds documents 3 to 5 in order/,
  );
  assert.deepEqual(filesOf("forged.arrow"), [], "neither the output nor a temporary file");
});

test("mergeShards replaces a cache of the same analysis but not another's, unless forced", async () => {
  const out = file("replace.arrow");
  fs.copyFileSync(file("full.arrow"), out);
  await mergeShards([shard3(0), shard3(1), shard3(2)], { output: out });
  const otherK = await analyze(model, ds, { output: file("k4.arrow"), topK: 4 });
  await assert.rejects(
    mergeShards([shard3(0), shard3(1), shard3(2)], { output: otherK.path }),
    /k4\.arrow exists and is not a cache of the analysis these shards make; pass --force/,
  );
  await mergeShards([shard3(0), shard3(1), shard3(2)], { output: otherK.path, force: true });
  assert.deepEqual(fs.readFileSync(otherK.path), fs.readFileSync(file("full.arrow")));
  await assert.rejects(
    mergeShards([shard3(0), shard3(1), shard3(2)], { output: shard3(1) }),
    /is one of the shards; choose another output/,
  );
});

test("analyze reuses a finished shard and refuses to overwrite another shard without force", async () => {
  const mtime = fs.statSync(shard3(0)).mtimeMs;
  const again = await analyze(model, ds, { output: shard3(0), topK: K, shard: { index: 0, count: 3 } });
  assert.equal(fs.statSync(shard3(0)).mtimeMs, mtime, "reused, not rewritten");
  assert.deepEqual(again.shard, { index: 0, count: 3, first: 0, end: 3 });
  fs.copyFileSync(shard3(0), file("wrong.arrow"));
  await assert.rejects(
    analyze(model, ds, { output: file("wrong.arrow"), topK: K, shard: { index: 1, count: 3 } }),
    /wrong\.arrow holds shard 0\/3 of an analysis of tiny-en on fortunes-10, not shard 1\/3 with these settings; pass --force/,
  );
  const forced = await analyze(model, ds, { output: file("wrong.arrow"), topK: K, shard: { index: 1, count: 3 }, force: true });
  assert.deepEqual(fs.readFileSync(forced.path), fs.readFileSync(shard3(1)));
});

test("analyze rejects a shard index past the last, a negative one and zero shards", async () => {
  for (const shard of [
    { index: 3, count: 3 },
    { index: -1, count: 2 },
    { index: 0, count: 0 },
  ])
    await assert.rejects(analyze(model, ds, { output: file("bad.arrow"), shard }), /^LmdiffError: lmdiff: invalid shard /);
  assert.deepEqual(filesOf("bad.arrow"), []);
});

test("an interrupted shard resumes where it stopped and gives the shard an uninterrupted run gives", async () => {
  // Enough text for several resumable parts (the first part holds about 4k tokens).
  const texts = loadDataset("fortunes-en").texts;
  const big = inlineDataset([...texts, ...texts].slice(0, 400), "fortunes-400");
  const shard = { index: 1, count: 2 };
  const out = file("resumed-s1of2.arrow");
  const ac = new AbortController();
  await assert.rejects(
    analyze(model, big, {
      output: out,
      topK: K,
      shard,
      signal: ac.signal,
      onProgress: (p) => p.docs > 0 && p.phase === "scoring" && ac.abort(),
    }),
    /cancelled/,
  );
  assert.ok(!fs.existsSync(out), "no shard file after an interruption");
  const kept = fs.readdirSync(`${out}.partial`).filter((f) => f.startsWith("part-"));
  assert.ok(kept.length >= 1 && kept[0].startsWith("part-000000200-"), `parts named by dataset index: ${kept.join(", ")}`);
  let firstDocs = -1;
  await analyze(model, big, {
    output: out,
    topK: K,
    shard,
    onProgress: (p) => {
      if (firstDocs < 0) firstDocs = p.docs;
    },
  });
  assert.ok(firstDocs > 0, "the rerun starts after the finished parts");
  const fresh = await analyze(model, big, { output: file("fresh-s1of2.arrow"), topK: K, shard });
  assert.deepEqual(fs.readFileSync(out), fs.readFileSync(fresh.path));
});
