import assert from "node:assert/strict";
import { isAligned } from "../../src/core/AlignedData.ts";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { aggregate, AGGREGATIONS } from "../../src/core/aggregate.ts";
import { columnName } from "../../src/core/CorpusData.ts";
import { DIFF_MEASURES } from "../../src/core/measures.ts";
import { compare, compareCaches } from "../../src/api/compare.ts";
import { CorpusComparison } from "../../src/api/CorpusComparison.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { loadModel, type Model } from "../../src/engine/Model.ts";
import { loadTable } from "../../src/engine/saveTable.ts";
import { tokenLevel } from "../helpers/tokenLevel.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-compare-"));
let m1: Model;
let m2: Model;
let r: CorpusComparison;
const texts = [
  "The quick brown fox jumps over the lazy dog.",
  "And God said, Let there be light: and there was light.",
  "Computers are useless. They can only give you answers. -- Pablo Picasso",
  "In the beginning was the Word, and the Word was with God.",
  "Grüße 😀",
];
before(async () => {
  m1 = await loadModel("tiny-en");
  m2 = await loadModel("tiny-en-bible");
  const ds = inlineDataset(texts, "mixed");
  const c1 = await analyze(m1, ds, { output: path.join(dir, "a.arrow") });
  const c2 = await analyze(m2, ds, { output: path.join(dir, "b.arrow") });
  r = compareCaches(c1, c2, { maxClampRank: 20 });
});
after(async () => {
  await m1.dispose();
  await m2.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Plain per-token reference of each measure, model 2 minus model 1. */
function referenceMeasure(measure: string, a: ReturnType<typeof r.instance>["data"]): number[] {
  const d = tokenLevel(a);
  return d.tokens.map((_, i) => {
    const r1 = d.m1.rank[i];
    const r2 = d.m2.rank[i];
    switch (measure) {
      case "prob_diff":
        return d.m2.prob[i] - d.m1.prob[i];
      case "logprob_diff":
        return d.m2.logprob[i] - d.m1.logprob[i];
      case "rank_diff":
        return r2 - r1;
      case "clamped_rank_diff":
        return Math.min(r2, 20) - Math.min(r1, 20);
      case "entropy_diff":
        return d.m2.entropy[i] - d.m1.entropy[i];
      case "topk_diff": {
        const s1 = new Set(Array.from(d.m1.topkIds.subarray(i * d.k, (i + 1) * d.k)));
        const s2 = Array.from(d.m2.topkIds.subarray(i * d.k, (i + 1) * d.k));
        return d.k - s2.filter((x) => s1.has(x)).length;
      }
    }
    throw new Error(measure);
  });
}

test("ComparisonResults has one row per text and every measure × aggregation column", () => {
  assert.equal(r.table.numRows, texts.length);
  assert.deepEqual(r.models, ["tiny-en", "tiny-en-bible"]);
  for (const m of DIFF_MEASURES) for (const g of AGGREGATIONS) assert.ok(r.table.getChild(columnName(m, g)), columnName(m, g));
});

test("each aggregate equals a plain computation from the token-level data", () => {
  for (let d = 0; d < texts.length; d++) {
    const inst = r.instance(d).data;
    for (const m of DIFF_MEASURES) {
      const ref = referenceMeasure(m, inst);
      const sorted = [...ref].sort((x, y) => x - y);
      for (const g of AGGREGATIONS) {
        const got = r.values(m, g)[d];
        const want = aggregate(g, sorted);
        assert.ok(Math.abs(got - want) < 1e-9, `${m} ${g} doc ${d}: ${got} vs ${want}`);
      }
    }
  }
});

test("the bible-finetuned model wins the bible verses and loses the fortunes", () => {
  const v = r.values("logprob_diff", "mean");
  assert.ok(v[1] > 0 && v[3] > 0, "KJV verses are more likely under tiny-en-bible");
  assert.ok(v[2] < 0, "a fortune is less likely under tiny-en-bible");
});

test("top() orders by |value| by default, and by sign on request", () => {
  const v = r.values("prob_diff", "mean");
  const abs = r.top("prob_diff", { k: 3 }).map((x) => x.index);
  const byAbs = Array.from(v.keys())
    .sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]))
    .slice(0, 3);
  assert.deepEqual(abs, byAbs);
  const desc = r.top("prob_diff", { k: 5, order: "desc" }).map((x) => x.value);
  assert.deepEqual(
    desc,
    [...desc].sort((a, b) => b - a),
  );
  assert.throws(() => r.top("nope" as never), /unknown measure "nope" \(expected one of prob_diff/);
});

test("histogram() counts every text once", () => {
  const h = r.histogram("rank_diff", { agg: "median", bins: 4 });
  assert.equal(
    h.reduce((s, b) => s + b.count, 0),
    texts.length,
  );
});

test("instance() rebuilds a text's tokens from the caches, readable and aligned", () => {
  const inst = tokenLevel(r.instance(4).data);
  assert.equal(inst.tokens.join(""), "Grüße 😀");
  assert.equal(inst.tokens.length, inst.m1.prob.length);
  assert.throws(() => r.instance(99), /out of range/);
});

test("results save as Arrow, Parquet and CSV that read back", () => {
  r.save(path.join(dir, "r.arrow"));
  r.save(path.join(dir, "r.parquet"));
  r.save(path.join(dir, "r.csv"));
  const a = tableFromIPC(fs.readFileSync(path.join(dir, "r.arrow")));
  assert.equal(a.numRows, texts.length);
  const p = loadTable(path.join(dir, "r.parquet"));
  assert.equal(p.numRows, texts.length);
  assert.deepEqual(Array.from(p.getChild("prob_diff_mean")!.toArray() as ArrayLike<number>), Array.from(r.values("prob_diff")));
  const csv = fs.readFileSync(path.join(dir, "r.csv"), "utf8").split("\n");
  assert.ok(csv[0].startsWith("index,text,n_tokens,prob_diff_mean"));
  assert.equal(csv.filter(Boolean).length, texts.length + 1);
  const fromCsv = loadTable(path.join(dir, "r.csv"));
  assert.deepEqual(Array.from(fromCsv.getChild("rank_diff_max")!.toArray() as ArrayLike<number>), Array.from(r.values("rank_diff", "max")));
  assert.equal(fromCsv.getChild("text")!.get(0), texts[0]);
  const back = CorpusComparison.load(path.join(dir, "r.arrow"));
  assert.equal(back.instance(0).data.text, texts[0], "a saved table finds its caches again");
});

test("caches of different datasets are refused; caches of different tokenizers are compared on bytes", async () => {
  const other = await analyze(m1, inlineDataset(["different"], "other"), { output: path.join(dir, "o.arrow") });
  assert.throws(() => compareCaches(path.join(dir, "a.arrow"), other), /cover different datasets/);
  const de = await loadModel("tiny-de");
  const cde = await analyze(de, inlineDataset(texts, "mixed"), { output: path.join(dir, "de.arrow") });
  const r = compareCaches(path.join(dir, "a.arrow"), cde);
  assert.equal(r.aligned, true);
  assert.equal(r.length, texts.length);
  assert.ok(r.table.getChild("bits_per_byte_2"));
  await de.dispose();
});

test("compare() of one text gives an InstanceComparison; of texts a CorpusComparison", async () => {
  const one = await compare(m1, m2, "Let there be light.");
  assert.ok(!isAligned(one.data));
  assert.equal(one.data.tokens.join(""), "Let there be light.");
  assert.match(one.summary(), /tiny-en \(model 1\) vs tiny-en-bible \(model 2\)/);
  const many = await compare(m1, m2, texts, { cacheDir: path.join(dir, "cc") });
  assert.equal(many.length, texts.length);
  const bytes = await compare(m1, "tiny-de", "x");
  assert.equal(bytes.aligned, true, "models of different tokenizers are compared on bytes");
  await assert.rejects(compare(m1, m2, "   "), /the text is empty/);
});

// The inputs of compare() are checked before anything is scored, and where
// possible before any model is loaded; these tests pin the messages.
const opts = { cacheDir: path.join(dir, "inputs") };

const oneLine = (pattern: RegExp) => (e: Error) => {
  assert.equal(e.name, "LmdiffError");
  assert.equal(e.message.split("\n").length, 1, e.message);
  assert.match(e.message, pattern);
  return true;
};

test("compare(m1, m2, []) rejects an empty corpus with the CLI's empty-dataset message", async () => {
  await assert.rejects(
    compare("tiny-en", "tiny-en-distil", [], opts),
    oneLine(/^lmdiff: an empty array of texts: the dataset has no texts$/),
  );
  await assert.rejects(compare(m1, m2, ["", "  "], opts), oneLine(/the dataset has no texts/));
});

test("compare(m1, m2, texts) names the first text that is not a string, and its type", async () => {
  const bad = (texts: unknown[]) => compare("tiny-en", "tiny-en-distil", texts as string[], opts);
  await assert.rejects(bad([1, 2, 3]), oneLine(/^lmdiff: the text at index 0 of the corpus is a number, not a string$/));
  await assert.rejects(bad(["a", "b", null, 4]), oneLine(/the text at index 2 of the corpus is null, not a string/));
  await assert.rejects(
    compare(m1, m2, { name: "x", type: "inline", texts: ["a", 1], checksum: "0", skipped: 0, source: "(inline)" } as never, opts),
    oneLine(/index 1 of the corpus is a number/),
  );
});

test("compare() checks the corpus and the top-k before it loads any model", async () => {
  // With a model that does not exist, only a check that runs before loading can answer.
  await assert.rejects(compare("no-such-model", "tiny-en-distil", [1] as unknown as string[], opts), /index 0 of the corpus is a number/);
  await assert.rejects(
    compare("no-such-model", "tiny-en-distil", "a text", { ...opts, topK: 0 }),
    /invalid top-k 0 \(expected an integer from 1 up\)/,
  );
  await assert.rejects(compare("no-such-model", "tiny-en-distil", "  ", opts), /the text is empty/);
});

test("compare() rejects a top-k larger than the vocabulary, for a text and for a corpus", async () => {
  const range = /^lmdiff: invalid top-k 100000 \(expected an integer from 1 to 4096, the vocabulary size\)$/;
  await assert.rejects(compare("tiny-en", "tiny-en-distil", "Hello world", { ...opts, topK: 100000 }), oneLine(range));
  await assert.rejects(compare(m1, m2, ["Hello world"], { ...opts, topK: 100000 }), oneLine(range));
});
