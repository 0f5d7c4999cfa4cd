import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadModel, type Model } from "../../src/engine/Model.ts";
import { jointScoringProblem, scorePair } from "../../src/engine/scorePair.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { runLogits } from "../helpers/runLogits.ts";

let en: Model;
let distil: Model;
let mlm: Model;
let mlmDistil: Model;
before(async () => {
  [en, distil, mlm, mlmDistil] = await Promise.all([
    loadModel("tiny-en", { workers: 0 }),
    loadModel("tiny-en-distil", { workers: 0 }),
    loadModel("tiny-mlm-en", { workers: 0 }),
    loadModel("tiny-mlm-en-distil", { workers: 0 }),
  ]);
});
after(async () => {
  await Promise.all([en, distil, mlm, mlmDistil].map((m) => m.dispose()));
});

/** float64 log-softmax of row r of logits [T, V]. */
function logSoftmax(x: Float32Array, r: number, V: number): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < V; j++) max = Math.max(max, x[r * V + j]);
  let s = 0;
  for (let j = 0; j < V; j++) s += Math.exp(x[r * V + j] - max);
  return Float64Array.from({ length: V }, (_, j) => x[r * V + j] - max - Math.log(s));
}

/** The joint measures from their definitions, in float64. */
function reference(l1: Float64Array, l2: Float64Array) {
  let kl = 0;
  let klr = 0;
  let js = 0;
  let tv = 0;
  for (let j = 0; j < l1.length; j++) {
    const [p1, p2] = [Math.exp(l1[j]), Math.exp(l2[j])];
    const m = (p1 + p2) / 2;
    kl += p1 * (l1[j] - l2[j]);
    klr += p2 * (l2[j] - l1[j]);
    js += 0.5 * (p1 > 0 ? p1 * Math.log(p1 / m) : 0) + 0.5 * (p2 > 0 ? p2 * Math.log(p2 / m) : 0);
    tv += 0.5 * Math.abs(p1 - p2);
  }
  return { kl, kl_reverse: klr, js: js / Math.LN2, tv };
}

function close(a: number, b: number, what: string) {
  const tol = 2e-6 + 2e-4 * Math.abs(b);
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
}

const TEXTS = ["The cat sat on the mat.", "A fortune: you will compare two models today, and learn something.", "Hi"];

test("scorePair(causal models) gives each token's KL, reverse KL, JS and TV as a float64 reference over the full logits does", async () => {
  const docs = TEXTS.map((t) => en.encode(t));
  const r = await scorePair(en, distil, docs, { k: 5 });
  for (let d = 0; d < docs.length; d++) {
    const seq = [en.bosId!, ...docs[d]];
    const a = await runLogits(en, seq);
    const b = await runLogits(distil, seq);
    for (let i = 0; i < docs[d].length; i++) {
      const ref = reference(logSoftmax(a.logits, i, a.V), logSoftmax(b.logits, i, b.V));
      for (const m of ["kl", "kl_reverse", "js", "tv"] as const) close(r.pair[d][m][i], ref[m], `text ${d} token ${i} ${m}`);
    }
  }
});

test("scorePair gives each model the numbers it gets scored alone", async () => {
  const docs = TEXTS.map((t) => en.encode(t));
  const r = await scorePair(en, distil, docs, { k: 5 });
  for (const [m, s] of [
    [en, r.s1],
    [distil, r.s2],
  ] as const) {
    const alone = await scoreTexts(m, docs, { k: 5 });
    for (let d = 0; d < docs.length; d++) {
      assert.deepEqual(s[d].rank, alone[d].rank);
      assert.deepEqual(s[d].topkIds, alone[d].topkIds);
      for (let i = 0; i < docs[d].length; i++) close(s[d].logprob[i], alone[d].logprob[i], `${m.name} text ${d} token ${i}`);
    }
  }
});

test("scorePair(masked models) compares the distributions at each masked token", async () => {
  const ids = mlm.encode("the cat sat on the mat");
  const r = await scorePair(mlm, mlmDistil, [ids], { k: 5 });
  for (let i = 0; i < ids.length; i++) {
    const input = [mlm.clsId!, ...ids, mlm.sepId!];
    input[i + 1] = mlm.maskId!;
    const a = await runLogits(mlm, input);
    const b = await runLogits(mlmDistil, input);
    const ref = reference(logSoftmax(a.logits, i + 1, a.V), logSoftmax(b.logits, i + 1, b.V));
    for (const m of ["kl", "kl_reverse", "js", "tv"] as const) close(r.pair[0][m][i], ref[m], `token ${i} ${m}`);
  }
});

test("scorePair of a model with itself gives zero divergence at every token", async () => {
  const docs = TEXTS.map((t) => en.encode(t));
  const r = await scorePair(en, en, docs);
  for (const p of r.pair) for (const m of ["kl", "kl_reverse", "js", "tv"] as const) for (const v of p[m]) assert.ok(v < 1e-6, `${m} ${v}`);
});

test("scorePair on worker pools gives the numbers of the main thread", async () => {
  const [a, b] = await Promise.all([loadModel("tiny-en", { workers: 2 }), loadModel("tiny-en-distil", { workers: 2 })]);
  try {
    // Enough tokens that the joint run uses the pools.
    const docs = Array.from({ length: 60 }, (_, i) => en.encode(`${TEXTS[i % 3]} Number ${i}: ${"and so on ".repeat(i % 9)}`));
    const pooled = await scorePair(a, b, docs);
    const main = await scorePair(en, distil, docs);
    for (let d = 0; d < docs.length; d++)
      for (const m of ["kl", "kl_reverse", "js", "tv"] as const)
        for (let i = 0; i < docs[d].length; i++) close(pooled.pair[d][m][i], main.pair[d][m][i], `text ${d} token ${i} ${m}`);
  } finally {
    await Promise.all([a.dispose(), b.dispose()]);
  }
});

test("jointScoringProblem refuses two models of different tokenizers, which are compared on bytes", async () => {
  const de = await loadModel("tiny-de", { workers: 0 });
  try {
    assert.match(jointScoringProblem(en, de) ?? "", /tiny-en and tiny-de have different tokenizers, so they are compared on bytes/);
  } finally {
    await de.dispose();
  }
});

test("jointScoringProblem refuses a causal model against a masked one, saying why", () => {
  assert.match(jointScoringProblem(en, mlm) ?? "", /tiny-en is a causal model and tiny-mlm-en a masked one/);
  assert.equal(jointScoringProblem(en, distil), null);
});
