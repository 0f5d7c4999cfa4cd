import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { compare, compareCaches } from "../../src/api/compare.ts";
import { CorpusComparison } from "../../src/api/CorpusComparison.ts";
import { isAligned } from "../../src/core/AlignedData.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { compareText } from "../../src/engine/compareText.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { loadModel, type Model } from "../../src/engine/Model.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-aligned-"));
const texts = [
  "The quick brown fox jumps over the lazy dog.",
  "Der frühe Vogel fängt den Wurm.",
  "Wer anderen eine Grube gräbt, fällt selbst hinein.",
  "A penny saved is a penny earned. 😀",
  "Zwei  Leerzeichen\nund eine neue Zeile: 3,14 €",
];
const ds = inlineDataset(texts, "en-de");
let en: Model;
let de: Model;
let r: CorpusComparison;
before(async () => {
  en = await loadModel("tiny-en", { workers: 0 });
  de = await loadModel("tiny-de", { workers: 0 });
  await analyze(en, ds, { output: path.join(dir, "en.arrow") });
  await analyze(de, ds, { output: path.join(dir, "de.arrow") });
  r = compareCaches(path.join(dir, "en.arrow"), path.join(dir, "de.arrow"));
});
after(async () => {
  await en.dispose();
  await de.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const col = (c: CorpusComparison, name: string) => Array.from(c.table.getChild(name)!.toArray() as ArrayLike<number>);

test("caches of two tokenizers on one dataset give a results table with bytes, bits and bits per byte per text", () => {
  assert.equal(r.aligned, true);
  assert.equal(r.defaultMeasure, "bits_diff");
  const names = r.table.schema.fields.map((f) => f.name);
  for (const c of [
    "index",
    "text",
    "n_tokens",
    "n_tokens_2",
    "bytes",
    "bits_1",
    "bits_2",
    "bits_per_byte_1",
    "bits_per_byte_2",
    "bits_diff_mean",
    "bits_diff_max",
  ])
    assert.ok(names.includes(c), `column ${c}`);
  assert.ok(!names.includes("prob_diff_mean"), "no token measures: the tokens differ");
  assert.deepEqual(
    col(r, "bytes"),
    texts.map((t) => Buffer.byteLength(t)),
  );
  const [b1, b2, bytes, diff] = [col(r, "bits_per_byte_1"), col(r, "bits_per_byte_2"), col(r, "bytes"), col(r, "bits_diff_mean")];
  const t1 = col(r, "bits_1");
  for (let d = 0; d < texts.length; d++) {
    assert.ok(Math.abs(b1[d] - t1[d] / bytes[d]) < 1e-12);
    assert.ok(Math.abs(diff[d] - (b2[d] - b1[d])) < 1e-9, "bits_diff_mean is the bits-per-byte difference");
  }
  assert.match(r.notes.join(" "), /different tokenizers, so they are compared on the text's bytes/);
});

test("each text's bits from the caches equal a live comparison of the same text", async () => {
  const [t1, t2] = [col(r, "bits_1"), col(r, "bits_2")];
  for (let d = 0; d < texts.length; d++) {
    const live = await compareText(en, de, texts[d]);
    assert.ok(isAligned(live));
    assert.ok(Math.abs(live.total1 - t1[d]) < 1e-6 * t1[d], `text ${d}, model 1`);
    assert.ok(Math.abs(live.total2 - t2[d]) < 1e-6 * t2[d], `text ${d}, model 2`);
    const inst = r.instance(d);
    assert.ok(inst.aligned);
    assert.ok(isAligned(inst.data));
    assert.deepEqual(Array.from(inst.data.bits1), Array.from(live.bits1));
  }
});

test("the streamed and the in-memory comparison of two tokenizers give the same table", async () => {
  const { AnalysisCache } = await import("../../src/engine/AnalysisCache.ts");
  const mem = compareCaches(AnalysisCache.open(path.join(dir, "en.arrow")), AnalysisCache.open(path.join(dir, "de.arrow")));
  for (const f of r.table.schema.fields)
    assert.deepEqual(
      Array.from(mem.table.getChild(f.name)!.toArray() as ArrayLike<unknown>),
      Array.from(r.table.getChild(f.name)!.toArray() as ArrayLike<unknown>),
      f.name,
    );
});

test("the English and the German model each win their own language's texts", () => {
  const diff = col(r, "bits_diff_mean");
  assert.ok(diff[0] > 0 && diff[3] > 0, "tiny-de needs more bits per byte on English");
  assert.ok(diff[1] < 0 && diff[2] < 0 && diff[4] < 0, "tiny-en needs more bits per byte on German");
  const top = r.top("bits_diff", { k: 2, order: "asc" }).map((t) => t.index);
  assert.ok(top.every((i) => i === 1 || i === 2 || i === 4));
});

test("a comparison of two tokenizers summarises and ranks by bits_diff, refuses token statistics, and saves and loads", () => {
  assert.match(r.summary(), /mean bits difference/);
  assert.throws(
    () => r.values("prob_diff"),
    /prob_diff needs the two models to share a tokenizer; tiny-en and tiny-de do not, so they are compared on bytes: use bits_diff/,
  );
  assert.throws(() => r.stats(), /different tokenizers; the table's bits_per_byte_1 and bits_per_byte_2 columns/);
  const file = path.join(dir, "r.parquet");
  r.save(file);
  const back = CorpusComparison.load(file);
  assert.equal(back.aligned, true);
  assert.deepEqual(col(back, "bits_2"), col(r, "bits_2"));
  assert.ok(back.instance(1).aligned, "a loaded table finds its caches and both tokenizers again");
  const data = r.toCorpusData();
  assert.ok(data.values.bits_diff_mean && data.values.bits_per_byte_1);
  assert.equal(data.values.bytes, undefined, "counts are not per-text values");
});

test("compare() of a corpus with two tokenizers analyses each model and compares on bytes", async () => {
  const c = await compare(en, de, texts, { cacheDir: path.join(dir, "cc") });
  assert.equal(c.aligned, true);
  assert.deepEqual(col(c, "bits_1"), col(r, "bits_1"));
});
