import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { loadDataset } from "../../src/engine/Dataset.ts";
import { Model } from "../../src/engine/Model.ts";
import { ScorerPool } from "../../src/engine/ScorerPool.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import type { TokenScores } from "../../src/core/measures.ts";

const models: Model[] = [];
async function load(spec: string, opts: Parameters<typeof Model.load>[1] = {}) {
  const m = await Model.load(spec, opts);
  models.push(m);
  return m;
}
after(async () => {
  for (const m of models) await m.dispose();
});

let texts: string[];
before(() => {
  // Enough text (about 10k tokens) that scoreTexts hands it to the pool.
  texts = loadDataset("fortunes-en").texts.slice(0, 200);
});

function assertSame(a: TokenScores[], b: TokenScores[]) {
  assert.equal(a.length, b.length);
  for (let d = 0; d < a.length; d++) {
    assert.deepEqual(a[d].rank, b[d].rank, `rank, text ${d}`);
    assert.deepEqual(a[d].topkIds, b[d].topkIds, `top-k ids, text ${d}`);
    for (let i = 0; i < a[d].prob.length; i++) {
      assert.ok(Math.abs(a[d].logprob[i] - b[d].logprob[i]) <= 1e-5, `logprob, text ${d} token ${i}`);
      assert.ok(Math.abs(a[d].entropy[i] - b[d].entropy[i]) <= 1e-5, `entropy, text ${d} token ${i}`);
    }
  }
}

for (const [spec, fuse] of [
  ["tiny-en", true],
  ["tiny-en", false],
  ["tiny-mlm-en", true],
] as const) {
  test(`scoring in worker threads gives the main thread's numbers (${spec}${fuse ? "" : ", unfused"})`, async () => {
    const pooled = await load(spec, { workers: 2, fuse });
    const inline = await load(spec, { workers: 0, fuse });
    const docs = texts.slice(0, spec.includes("mlm") ? 12 : 200).map((t) => pooled.encode(t));
    let tokens = 0;
    const a = await scoreTexts(pooled, docs, { batchTokens: 256, onTokens: (n) => (tokens += n) });
    assert.ok(await pooled.scorerPool(), "the pool started");
    assert.equal((await pooled.scorerPool())!.size, 2);
    assert.equal(
      tokens,
      docs.reduce((s, d) => s + d.length, 0),
      "progress counts every token once",
    );
    const b = await scoreTexts(inline, docs, { batchTokens: 256 });
    assert.equal(await inline.scorerPool(), null);
    assertSame(a, b);
  });
}

test("a pool that cannot load its model fails to start with the reason", async () => {
  await assert.rejects(ScorerPool.start({ bytes: Uint8Array.of(1, 2, 3, 4), folder: __dirname }, 1, 1), /protobuf|parse|model/i);
});

test("a cancelled job stops the pool's work with the usual error", async () => {
  const m = await load("tiny-en", { workers: 2 });
  const docs = texts.map((t) => m.encode(t));
  const ac = new AbortController();
  let batches = 0;
  await assert.rejects(
    scoreTexts(m, docs, { batchTokens: 128, signal: ac.signal, onTokens: () => ++batches === 3 && ac.abort() }),
    /cancelled/,
  );
  // The pool still works afterwards.
  const again = await scoreTexts(m, docs.slice(0, 20), { batchTokens: 128 });
  assert.equal(again.length, 20);
});

test("a script that scores with workers and never disposes its model still exits", async () => {
  const script = `
    const { Model } = require(${JSON.stringify(path.resolve("src/engine/Model.ts"))});
    const { scoreTexts } = require(${JSON.stringify(path.resolve("src/engine/scoreTexts.ts"))});
    (async () => {
      const m = await Model.load("tiny-en", { workers: 2 });
      const docs = Array.from({ length: 800 }, (_, i) => m.encode("text number " + i + " is here"));
      const s = await scoreTexts(m, docs, { batchTokens: 64 });
      console.log("scored", s.length, "pool", !!(await m.scorerPool()));
    })();`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "-e", script], { timeout: 60_000 });
  assert.match(stdout, /scored 800 pool true/);
});

test("a closed pool is replaced by a fresh one on the next large job", async () => {
  const m = await load("tiny-en", { workers: 1 });
  const docs = texts.map((t) => m.encode(t));
  const first = await scoreTexts(m, docs, { batchTokens: 128 });
  const pool = await m.scorerPool();
  assert.ok(pool);
  await pool.close();
  assert.ok(pool.closed);
  const second = await scoreTexts(m, docs, { batchTokens: 128 });
  const fresh = await m.scorerPool();
  assert.ok(fresh && fresh !== pool && !fresh.closed);
  assertSame(first, second);
});

test("disposing a model whose workers have run lets the script go on", async () => {
  const script = `
    const { Model } = require(${JSON.stringify(path.resolve("src/engine/Model.ts"))});
    const { scoreTexts } = require(${JSON.stringify(path.resolve("src/engine/scoreTexts.ts"))});
    (async () => {
      for (let round = 0; round < 6; round++) {
        const m = await Model.load("tiny-en", { workers: 2 });
        const docs = Array.from({ length: 800 }, (_, i) => m.encode("text number " + i + " is here"));
        await scoreTexts(m, docs, { batchTokens: 64 });
        await m.dispose();
        console.log("round", round, "done");
      }
    })();`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "-e", script], { timeout: 60_000 });
  assert.match(stdout, /round 5 done/);
});
