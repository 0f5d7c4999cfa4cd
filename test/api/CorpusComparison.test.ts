import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { inspect } from "node:util";
import { tableFromArrays } from "apache-arrow";
import { compareCaches } from "../../src/api/compare.ts";
import { CorpusComparison } from "../../src/api/CorpusComparison.ts";
import type { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { loadModel } from "../../src/engine/Model.ts";
import { assertOneLineError } from "../export/snapshot.ts";
import { fixtureCorpus } from "../fixtures/corpus.ts";
import { fixtureCorpusComparison } from "../notebook/fixtures.ts";
import { tokenLevel } from "../helpers/tokenLevel.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-corpus-comparison-"));
const texts = ["The quick brown fox jumps over the lazy dog.", "And God said, Let there be light: and there was light.", "Grüße 😀"];
let a10: AnalysisCache;
let b5: AnalysisCache;
let b10: AnalysisCache;

before(async () => {
  const ds = inlineDataset(texts, "three");
  const m1 = await loadModel("tiny-en", { workers: 0 });
  const m2 = await loadModel("tiny-en-bible", { workers: 0 });
  try {
    a10 = await analyze(m1, ds, { output: path.join(dir, "a10.arrow"), topK: 10 });
    b5 = await analyze(m2, ds, { output: path.join(dir, "b5.arrow"), topK: 5 });
    b10 = await analyze(m2, ds, { output: path.join(dir, "b10.arrow"), topK: 10 });
  } finally {
    await m1.dispose();
    await m2.dispose();
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** topk_diff of one token, written out plainly: k minus the ids the first k entries of both lists share. */
function referenceTopkDiff(c1: AnalysisCache, c2: AnalysisCache, d: number, k: number): number[] {
  const s1 = c1.docScores(d);
  const s2 = c2.docScores(d);
  const [k1, k2] = [c1.meta.topK, c2.meta.topK];
  return Array.from(s1.ids, (_, i) => {
    const l1 = new Set(s1.scores.topkIds.subarray(i * k1, i * k1 + k));
    const l2 = Array.from(s2.scores.topkIds.subarray(i * k2, i * k2 + k));
    return k - l2.filter((id) => l1.has(id)).length;
  });
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

test("CorpusComparison.fromCaches compares top-k lists of k 10 and 5 at k = 5, per text and per token", () => {
  for (const [c1, c2] of [
    [a10, b5],
    [b5, a10],
  ]) {
    const r = compareCaches(c1, c2);
    const perText = r.values("topk_diff", "mean");
    const perTextMax = r.values("topk_diff", "max");
    for (let d = 0; d < texts.length; d++) {
      const ref = referenceTopkDiff(c1, c2, d, 5);
      assert.ok(Math.abs(perText[d] - mean(ref)) < 1e-12, `text ${d}: mean ${perText[d]} vs ${mean(ref)}`);
      assert.equal(perTextMax[d], Math.max(...ref));
      assert.ok(ref.every((v) => v >= 0 && v <= 5));
      const inst = r.instance(d);
      assert.equal(tokenLevel(inst.data).k, 5);
      assert.deepEqual(Array.from(inst.measure("topk_diff")), ref);
      assert.equal(inst.toArray()[0].topk_1.length, 5);
    }
  }
});

test("CorpusComparison notes top-k lists compared at the smaller k, in notes and summary", () => {
  const r = compareCaches(a10, b5);
  assert.deepEqual(r.notes, ["top-k lists compared at k = 5 (model 1 recorded 10, model 2 recorded 5)"]);
  assert.match(r.summary(), / Note: top-k lists compared at k = 5 \(model 1 recorded 10, model 2 recorded 5\)\.$/);
  assert.doesNotMatch(r.summary("prob_diff", "mean", { notes: false }), /Note/);
  assert.deepEqual(compareCaches(b5, a10).notes, ["top-k lists compared at k = 5 (model 1 recorded 5, model 2 recorded 10)"]);
});

test("CorpusComparison has no notes for caches with the same top-k", () => {
  const r = compareCaches(a10, b10);
  assert.deepEqual(r.notes, []);
  assert.doesNotMatch(r.summary(), /Note/);
  const ref = texts.map((_, d) => mean(referenceTopkDiff(a10, b10, d, 10)));
  assert.deepEqual(Array.from(r.values("topk_diff", "mean")), ref);
});

test("CorpusComparison.load keeps the top-k note while both caches exist", () => {
  const file = path.join(dir, "results.arrow");
  compareCaches(a10, b5).save(file);
  assert.deepEqual(CorpusComparison.load(file).notes, ["top-k lists compared at k = 5 (model 1 recorded 10, model 2 recorded 5)"]);
});

// Figures for papers (these were the figure methods once installed on the engine's class).

/** A CorpusComparison over the fixture corpus's columns, without caches. */
function corpus(): CorpusComparison {
  const c = fixtureCorpus();
  const table = tableFromArrays({ index: c.index, text: c.text, n_tokens: c.nTokens, ...c.values });
  table.schema.metadata.set("lmdiff.model_1", "tiny-en");
  table.schema.metadata.set("lmdiff.model_2", "tiny-en-distil");
  return new CorpusComparison(table, null);
}

test("CorpusComparison.toSVG draws the global view, and a text's view needs doc", () => {
  const c = corpus();
  assert.match(c.toSVG(), /lmdiff-global-histogram/);
  assertOneLineError(() => c.toSVG({ view: "strip" }), /the strip view shows one text; pass doc \(a document index, 0 to 11\)/);
  assertOneLineError(() => c.toLaTeX(), /toLaTeX of a corpus needs doc/);
  assertOneLineError(() => c.toSVG({ doc: 2 }), /loaded without its caches/);
});

test("CorpusComparison.toSVG, toLaTeX and savePNG with doc draw that text from the caches", () => {
  const r = compareCaches(a10, b10);
  assert.equal(r.toSVG({ doc: 1, view: "strip" }), r.instance(1).toSVG({ view: "strip" }));
  assert.equal(r.toLaTeX({ doc: 1 }), r.instance(1).toLaTeX());
  assertOneLineError(() => r.toSVG({ doc: 3 }), /invalid doc 3 \(expected an integer from 0 to 2\)/);
  const png = path.join(dir, "doc1.png");
  r.savePNG(png, { doc: 1, view: "strip", width: 300, scale: 1 });
  assert.equal(fs.readFileSync(png).readUInt32BE(16), 300);
});

// Notebook display (these were the display methods once installed on the engine's class).

test("CorpusComparison's view ships the per-text table and says that no text can be opened without caches", () => {
  const c = fixtureCorpusComparison();
  const v = c.view();
  assert.equal(v.payload.kind, "corpus");
  if (v.payload.kind !== "corpus") return;
  assert.equal(v.payload.corpus.text.length, 12);
  assert.deepEqual(v.payload.corpus.instances, {});
  assert.match(v.payload.note!, /No token-level data is embedded/);
  assert.match(v.summary, /on fixture, 12 texts/);
  assert.match(inspect(c), /^CorpusComparison: lmdiff: /);
});

test("CorpusComparison.view({ selected }) checks the index against the corpus", () => {
  assert.throws(
    () => fixtureCorpusComparison().view({ selected: 99 }),
    /invalid selected 99 \(expected the index of a text of fixture, from 0 to 11\)/,
  );
});

test("CorpusComparison's view with caches embeds the texts' token data and carries the notes in its summary", () => {
  const r = compareCaches(a10, b5);
  const v = r.view({ selected: 2 });
  assert.equal(v.payload.kind, "corpus");
  if (v.payload.kind !== "corpus") return;
  assert.deepEqual(Object.keys(v.payload.corpus.instances ?? {}).sort(), ["0", "1", "2"]);
  assert.equal(v.payload.selected, 2);
  assert.equal(v.summary, `${r.summary()} Selected: text #2.`);
  assert.match(v.summary, /Note: top-k lists compared at k = 5/);
  assert.match(r.toHTML({ standalone: true, measure: "rank_diff" }), /^<!doctype html>/);
});
