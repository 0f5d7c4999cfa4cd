import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset, loadDataset } from "../../src/engine/Dataset.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";

let model: Model;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-analyze-"));
before(async () => {
  model = await Model.load("tiny-en-distil");
});
after(async () => {
  await model.dispose();
});

// Enough text for several resumable parts (a part holds up to 32k tokens).
const corpus = () => {
  const base = loadDataset("fortunes-en").texts;
  const texts: string[] = [];
  while (texts.length < 3000) texts.push(...base);
  return inlineDataset(texts.slice(0, 3000), "fortunes-x3");
};

test("analyze writes an Arrow cache whose rows equal direct scoring, with its provenance", async () => {
  const ds = inlineDataset(["Hello world.", "Grüße 😀", "A third, longer text with more tokens in it."], "tiny");
  const cache = await analyze(model, ds, { output: path.join(dir, "small.arrow"), topK: 4 });
  assert.equal(cache.meta.nDocs, 3);
  assert.equal(cache.meta.topK, 4);
  assert.equal(cache.meta.modelName, "tiny-en-distil");
  assert.equal(cache.meta.datasetChecksum, ds.checksum);
  assert.equal(cache.meta.onnxSha256.length, 64);
  const direct = await scoreTexts(
    model,
    ds.texts.map((t) => model.encode(t)),
    { k: 4 },
  );
  for (let d = 0; d < 3; d++) {
    const { ids, scores } = cache.docScores(d);
    assert.deepEqual(Array.from(ids), Array.from(model.encode(ds.texts[d])));
    assert.deepEqual(Array.from(scores.rank), Array.from(direct[d].rank));
    assert.deepEqual(Array.from(scores.prob), Array.from(direct[d].prob));
    assert.deepEqual(Array.from(scores.topkIds), Array.from(direct[d].topkIds));
    assert.equal(cache.text(d), ds.texts[d]);
  }
  assert.ok(!fs.existsSync(path.join(dir, "small.arrow.partial")), "the partial folder is removed");
});

test("an interrupted analysis resumes where it stopped and gives the same cache", async () => {
  const ds = corpus();
  const out = path.join(dir, "resumed.arrow");
  const ac = new AbortController();
  let parts = 0;
  await assert.rejects(
    analyze(model, ds, {
      output: out,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.docs > 0 && p.phase === "scoring" && ++parts === 2) ac.abort();
      },
    }),
    /cancelled/,
  );
  assert.ok(!fs.existsSync(out), "no final file after an interruption");
  const kept = fs.readdirSync(`${out}.partial`).filter((f) => f.startsWith("part-"));
  assert.ok(kept.length >= 1, "finished parts are kept");
  let firstDocs = -1;
  const resumed = await analyze(model, ds, {
    output: out,
    onProgress: (p) => {
      if (firstDocs < 0) firstDocs = p.docs;
    },
  });
  assert.ok(firstDocs > 0, "the rerun starts after the finished parts");
  const fresh = await analyze(model, ds, { output: path.join(dir, "fresh.arrow") });
  assert.equal(resumed.nTokens, fresh.nTokens);
  assert.deepEqual(resumed.doc, fresh.doc);
  assert.deepEqual(resumed.scores.rank, fresh.scores.rank);
  assert.deepEqual(resumed.scores.prob, fresh.scores.prob);
});

test("analyze reuses a finished cache and refuses to overwrite one made with other settings", async () => {
  const ds = inlineDataset(["one", "two"], "two");
  const out = path.join(dir, "reuse.arrow");
  await analyze(model, ds, { output: out, topK: 3 });
  const mtime = fs.statSync(out).mtimeMs;
  await analyze(model, ds, { output: out, topK: 3 });
  assert.equal(fs.statSync(out).mtimeMs, mtime, "reused, not rewritten");
  await assert.rejects(analyze(model, ds, { output: out, topK: 5 }), /other settings; pass --force/);
  const c = await analyze(model, ds, { output: out, topK: 5, force: true });
  assert.equal(c.meta.topK, 5);
});

test("AnalysisCache.open gives one-line errors for truncated, foreign and missing files", () => {
  const good = fs.readFileSync(path.join(dir, "small.arrow"));
  const trunc = path.join(dir, "trunc.arrow");
  fs.writeFileSync(trunc, good.subarray(0, Math.floor(good.length / 2)));
  assert.throws(() => AnalysisCache.open(trunc), /is truncated/);
  const foreign = path.join(dir, "foreign.arrow");
  fs.writeFileSync(foreign, "hello, I am not arrow");
  assert.throws(() => AnalysisCache.open(foreign), /not an Arrow IPC file/);
  assert.throws(() => AnalysisCache.open(path.join(dir, "missing.arrow")), /no cache at/);
  const corrupt = path.join(dir, "corrupt.arrow");
  const bad = Buffer.from(good);
  bad.fill(0x7f, 64, bad.length - 64);
  fs.writeFileSync(corrupt, bad);
  assert.throws(() => AnalysisCache.open(corrupt), /lmdiff: /);
});

test("analyze rejects a top-k larger than the vocabulary", async () => {
  await assert.rejects(analyze(model, inlineDataset(["x"]), { output: path.join(dir, "k.arrow"), topK: 10 ** 6 }), /invalid top-k/);
});

test("two analyses of the same output started together both return the one complete cache", async () => {
  const texts = loadDataset("fortunes-en").texts.slice(0, 400);
  const ds = inlineDataset(texts, "together");
  const out = path.join(dir, "together.arrow");
  let waited = 0;
  const [a, b] = await Promise.all([
    analyze(model, ds, { output: out, onWait: () => waited++ }),
    analyze(model, ds, { output: out, onWait: () => waited++ }),
  ]);
  assert.equal(waited, 1, "the second run waited for the first");
  assert.equal(a.nTokens, b.nTokens);
  assert.equal(a.meta.nDocs, 400);
  const direct = await scoreTexts(model, [model.encode(texts[399])]);
  assert.deepEqual(b.docScores(399).scores.rank, direct[0].rank);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.startsWith("together.arrow.")),
    [],
    "no lock, partial folder or temporary file is left",
  );
});

test("analyze cleans up what a killed run left beside a finished cache", async () => {
  const ds = inlineDataset(["left", "overs"], "leftovers");
  const out = path.join(dir, "leftovers.arrow");
  await analyze(model, ds, { output: out });
  // What a run killed after its final rename, and one killed mid-merge, leave behind.
  fs.mkdirSync(`${out}.partial`);
  fs.writeFileSync(path.join(`${out}.partial`, "meta.json"), "{}");
  fs.writeFileSync(`${out}.999999.x.tmp`, "half a merge");
  fs.writeFileSync(`${out}.lock`, JSON.stringify({ pid: 999_999_999, host: os.hostname(), since: "then" }));
  const again = await analyze(model, ds, { output: out });
  assert.equal(again.meta.nDocs, 2);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.startsWith("leftovers.arrow.")),
    [],
  );
});

test("a cancelled analysis rejects with a catchable cancelled error and leaves no lock or temporary file", async () => {
  const ds = corpus();
  const out = path.join(dir, "cancel.arrow");
  const ac = new AbortController();
  const run = analyze(model, ds, { output: out, signal: ac.signal, onProgress: (p) => p.tokens > 3000 && ac.abort() });
  await assert.rejects(run, (e: Error & { code?: string }) => e.code === "cancelled");
  const left = fs.readdirSync(dir).filter((f) => f.startsWith("cancel.arrow."));
  assert.deepEqual(left, ["cancel.arrow.partial"]);
  assert.deepEqual(
    fs.readdirSync(`${out}.partial`).filter((f) => f.endsWith(".tmp")),
    [],
  );
});
