import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { analyzePair } from "../../src/engine/analyzePair.ts";
import { comparisonTable } from "../../src/engine/compareCaches.ts";
import { inlineDataset, loadDataset } from "../../src/engine/Dataset.ts";
import { loadModel, type Model } from "../../src/engine/Model.ts";
import { PairCache } from "../../src/engine/PairCache.ts";
import { scorePair } from "../../src/engine/scorePair.ts";

let a: Model;
let b: Model;
let dir: string;
// About 9,000 tokens: three parts.
const dataset = inlineDataset(loadDataset("fortunes-en").texts.slice(0, 260), "fortunes-part");
before(async () => {
  [a, b] = await Promise.all([loadModel("tiny-en"), loadModel("tiny-en-distil")]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-pair-"));
});
after(async () => {
  await Promise.all([a.dispose(), b.dispose()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const outputs = (sub: string) => {
  fs.mkdirSync(path.join(dir, sub), { recursive: true });
  return { cache1: path.join(dir, sub, "a.arrow"), cache2: path.join(dir, sub, "b.arrow"), pair: path.join(dir, sub, "pair.arrow") };
};

test("analyzePair writes both models' caches as analyze does and a pair cache whose rows line up with them", async () => {
  const o = outputs("full");
  const r = await analyzePair(a, b, dataset, { outputs: o, topK: 5 });
  const alone = await analyze(a, dataset, { output: path.join(dir, "full", "alone.arrow"), topK: 5 });
  assert.deepEqual(r.cache1.token, alone.token);
  assert.deepEqual(r.cache1.scores.rank, alone.scores.rank);
  assert.deepEqual(r.cache1.scores.topkIds, alone.scores.topkIds);
  for (let i = 0; i < alone.scores.logprob.length; i++) assert.ok(Math.abs(r.cache1.scores.logprob[i] - alone.scores.logprob[i]) < 1e-5);
  assert.equal(r.pair.orientation(r.cache1, r.cache2), "same");
  assert.equal(r.pair.orientation(r.cache2, r.cache1), "swapped");
  // The pair cache holds what scorePair gives for the same texts.
  const docs = [0, 7, 100].map((d) => r.cache1.docScores(d).ids.slice());
  const live = await scorePair(a, b, docs, { k: 5 });
  [0, 7, 100].forEach((d, i) => {
    const [s, e] = r.cache1.range(d);
    const stored = r.pair.rows(s, e, false);
    for (let t = 0; t < e - s; t++) assert.ok(Math.abs(stored.kl[t] - live.pair[i].kl[t]) < 1e-5, `doc ${d} token ${t}`);
  });
});

test("comparisonTable with a pair cache has the joint measures' columns, swapped for the reverse order", () => {
  const o = outputs("full");
  const [c1, c2, pair] = [AnalysisCache.open(o.cache1), AnalysisCache.open(o.cache2), PairCache.open(o.pair)];
  const fwd = comparisonTable(c1, c2, { pair });
  const rev = comparisonTable(c2, c1, { pair });
  const without = comparisonTable(c1, c2);
  assert.equal(fwd.schema.metadata.get("lmdiff.joint"), "true");
  assert.equal(without.schema.metadata.get("lmdiff.joint"), "false");
  assert.equal(without.getChild("kl_mean"), null);
  assert.ok(without.getChild("top1_agree_mean"), "top1_agree comes from any two caches");
  const col = (t: typeof fwd, n: string) => t.getChild(n)!.toArray() as Float64Array;
  assert.deepEqual(col(fwd, "kl_mean"), col(rev, "kl_reverse_mean"));
  assert.deepEqual(col(fwd, "js_max"), col(rev, "js_max"));
  assert.deepEqual(col(fwd, "top1_agree_mean"), col(without, "top1_agree_mean"));
  // kl_mean of a document is the mean of its tokens' KL.
  const [s, e] = c1.range(3);
  const kl = pair.rows(s, e, false).kl;
  assert.ok(Math.abs(col(fwd, "kl_mean")[3] - kl.reduce((x, y) => x + y, 0) / kl.length) < 1e-9);
  assert.ok(col(fwd, "js_mean").every((v) => v >= 0 && v <= 1));
});

test("analyzePair reuses finished outputs and writes only a missing pair cache, leaving the caches as they are", async () => {
  const o = outputs("full");
  const before = fs.statSync(o.cache1).mtimeMs;
  const tokens: number[] = [];
  await analyzePair(a, b, dataset, { outputs: o, topK: 5, onProgress: (p) => tokens.push(p.tokens) });
  assert.equal(Math.max(...tokens), 0, "nothing scored");
  const pairBytes = fs.readFileSync(o.pair);
  fs.rmSync(o.pair);
  await analyzePair(a, b, dataset, { outputs: o, topK: 5 });
  assert.equal(fs.statSync(o.cache1).mtimeMs, before);
  assert.ok(PairCache.open(o.pair));
  assert.equal(fs.readFileSync(o.pair).length, pairBytes.length);
});

test("an interrupted analyzePair resumes where all its outputs reached, with the numbers of an uninterrupted run", async () => {
  const o = outputs("resumed");
  const ac = new AbortController();
  let parts = 0;
  await assert.rejects(
    analyzePair(a, b, dataset, {
      outputs: o,
      topK: 5,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.docs > 0 && p.phase === "scoring" && ++parts === 1) ac.abort();
      },
    }),
    /cancelled/,
  );
  assert.ok(
    fs.readdirSync(`${o.pair}.partial`).some((f) => f.startsWith("part-")),
    "a part was kept",
  );
  // One output lost its last part (as if killed between two writes): all resume from the same document.
  const parts1 = fs
    .readdirSync(`${o.cache1}.partial`)
    .filter((f) => f.startsWith("part-"))
    .sort();
  if (parts1.length > 1) fs.rmSync(path.join(`${o.cache1}.partial`, parts1[parts1.length - 1]));
  const r = await analyzePair(a, b, dataset, { outputs: o, topK: 5 });
  const full = outputs("full");
  assert.deepEqual(r.cache1.scores.rank, AnalysisCache.open(full.cache1).scores.rank);
  assert.deepEqual(r.cache2.scores.topkIds, AnalysisCache.open(full.cache2).scores.topkIds);
  const ref = PairCache.open(full.pair).rows(0, r.cache1.doc.length, false);
  const got = r.pair.rows(0, r.cache1.doc.length, false);
  for (let i = 0; i < ref.kl.length; i++)
    assert.ok(Math.abs(got.kl[i] - ref.kl[i]) < 1e-5 || (Number.isNaN(got.kl[i]) && Number.isNaN(ref.kl[i])));
  for (const f of Object.values(o)) assert.equal(fs.existsSync(`${f}.partial`), false);
});

test("a pair cache of other caches, or with damaged values, is refused in one line", async () => {
  const o = outputs("full");
  const other = await analyze(a, inlineDataset(["Something else entirely."]), { output: path.join(dir, "other.arrow"), topK: 5 });
  const pair = PairCache.open(o.pair);
  assert.throws(
    () => comparisonTable(other, other, { pair }),
    /holds the joint measures of tiny-en and tiny-en-distil on fortunes-part, not of these caches/,
  );
  // A JS value above 1 (a flipped exponent bit, say).
  const buf = fs.readFileSync(o.pair);
  const bad = path.join(dir, "bad.pair.arrow");
  const js = pair.rows(0, 10, false).js;
  const at = buf.indexOf(Buffer.from(js.buffer, js.byteOffset, 8));
  assert.ok(at > 0);
  buf.writeFloatLE(7, at);
  fs.writeFileSync(bad, buf);
  assert.throws(() => PairCache.open(bad), /bad\.pair\.arrow: column js holds 7 at row 0 \(expected 0 to 1\); the pair cache is corrupted/);
});
