import assert from "node:assert/strict";
import { test } from "node:test";
import { seededRandom } from "../../src/core/seededRandom.ts";
import { PairStats } from "../../src/engine/PairStats.ts";

function logits(rows: number, vocab: number, scale: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const out = new Float32Array(rows * vocab);
  for (let i = 0; i < out.length; i++) out[i] = scale * (r() + r() + r() - 1.5);
  return out;
}

/** log-softmax of one row in float64. */
function logSoftmax(x: Float32Array, row: number, V: number): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < V; j++) max = Math.max(max, x[row * V + j]);
  let s = 0;
  for (let j = 0; j < V; j++) s += Math.exp(x[row * V + j] - max);
  const lse = max + Math.log(s);
  return Float64Array.from({ length: V }, (_, j) => x[row * V + j] - lse);
}

/** The plain float64 definitions over the full vocabulary. */
function reference(a: Float32Array, ra: number, b: Float32Array, rb: number, V: number) {
  const l1 = logSoftmax(a, ra, V);
  const l2 = logSoftmax(b, rb, V);
  let kl = 0;
  let klr = 0;
  let js = 0;
  let tv = 0;
  for (let j = 0; j < V; j++) {
    const p1 = Math.exp(l1[j]);
    const p2 = Math.exp(l2[j]);
    const m = (p1 + p2) / 2;
    if (p1 > 0) kl += p1 * (l1[j] - l2[j]);
    if (p2 > 0) klr += p2 * (l2[j] - l1[j]);
    if (p1 > 0) js += 0.5 * p1 * Math.log(p1 / m);
    if (p2 > 0) js += 0.5 * p2 * Math.log(p2 / m);
    tv += 0.5 * Math.abs(p1 - p2);
  }
  return { kl, kl_reverse: klr, js: js / Math.LN2, tv };
}

function assertClose(actual: number, expected: number, what: string) {
  // float32 sums over the vocabulary against float64.
  const tol = 2e-6 + 1e-4 * Math.abs(expected);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tolerance ${tol})`);
}

test("PairStats.run gives KL both ways, JS in bits and TV equal to a float64 reference over the whole vocabulary", async () => {
  const V = 4096;
  for (const scale of [0.5, 3, 12]) {
    const a = logits(6, V, scale, 1);
    const b = logits(9, V, scale, 2);
    // Different row layouts on each side, and a repeated row.
    const pick1 = Int32Array.of(0, 5, 3, 3);
    const pick2 = Int32Array.of(8, 1, 2, 7);
    const stats = await PairStats.get([false, false]);
    const r = await stats.run(
      { data: a, rows: 6, vocab: V, normalized: false },
      pick1,
      { data: b, rows: 9, vocab: V, normalized: false },
      pick2,
    );
    for (let n = 0; n < pick1.length; n++) {
      const ref = reference(a, pick1[n], b, pick2[n], V);
      for (const m of ["kl", "kl_reverse", "js", "tv"] as const) assertClose(r[m][n], ref[m], `${m} at scale ${scale}, token ${n}`);
    }
  }
});

test("PairStats.run takes log-softmax input as the fused graphs give it, with the same numbers as logits", async () => {
  const V = 1000;
  const a = logits(3, V, 4, 3);
  const b = logits(3, V, 4, 4);
  const lsm = new Float32Array(a.length);
  for (let r = 0; r < 3; r++) lsm.set(Float32Array.from(logSoftmax(a, r, V)), r * V);
  const pick = Int32Array.of(0, 1, 2);
  const fromLogits = await (
    await PairStats.get([false, false])
  ).run({ data: a, rows: 3, vocab: V, normalized: false }, pick, { data: b, rows: 3, vocab: V, normalized: false }, pick);
  const fromLsm = await (
    await PairStats.get([true, false])
  ).run({ data: lsm, rows: 3, vocab: V, normalized: true }, pick, { data: b, rows: 3, vocab: V, normalized: false }, pick);
  for (const m of ["kl", "kl_reverse", "js", "tv"] as const)
    for (let n = 0; n < 3; n++) assertClose(fromLsm[m][n], fromLogits[m][n], `${m} token ${n}`);
});

test("PairStats.run gives 0 for identical distributions and stays finite where probabilities underflow or logits are −∞", async () => {
  const V = 2048;
  const a = logits(2, V, 40, 5); // very peaked: most probabilities underflow float32
  const same = await (
    await PairStats.get([false, false])
  ).run(
    { data: a, rows: 2, vocab: V, normalized: false },
    Int32Array.of(0, 1),
    { data: a, rows: 2, vocab: V, normalized: false },
    Int32Array.of(0, 1),
  );
  for (const m of ["kl", "kl_reverse", "js", "tv"] as const)
    for (const v of same[m]) assert.ok(Math.abs(v) < 1e-6, `${m} of identical rows: ${v}`);
  const b = logits(2, V, 40, 6);
  // Masked vocabulary entries: −∞ in both models, and in one only.
  for (let j = 0; j < 100; j++) a[j] = b[j] = -Infinity;
  a[200] = -Infinity;
  const r = await (
    await PairStats.get([false, false])
  ).run(
    { data: a, rows: 2, vocab: V, normalized: false },
    Int32Array.of(0, 1),
    { data: b, rows: 2, vocab: V, normalized: false },
    Int32Array.of(0, 1),
  );
  for (const m of ["kl", "kl_reverse", "js", "tv"] as const)
    for (let n = 0; n < 2; n++) {
      assert.ok(Number.isFinite(r[m][n]), `${m} token ${n} is ${r[m][n]}`);
      if (m !== "kl_reverse" || n === 1) assertClose(r[m][n], reference(a, n, b, n, V)[m], `${m} token ${n}`);
    }
  assert.ok(r.js.every((v) => v >= 0 && v <= 1) && r.tv.every((v) => v >= 0 && v <= 1));
});

test("PairStats.run works in chunks: a thousand tokens give the values of each token alone", async () => {
  const V = 4096;
  const a = logits(40, V, 3, 7);
  const b = logits(40, V, 3, 8);
  const pick = Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 40);
  const stats = await PairStats.get([false, false]);
  const all = await stats.run(
    { data: a, rows: 40, vocab: V, normalized: false },
    pick,
    { data: b, rows: 40, vocab: V, normalized: false },
    pick,
  );
  for (const n of [0, 511, 512, 999]) {
    const one = await stats.run(
      { data: a, rows: 40, vocab: V, normalized: false },
      pick.subarray(n, n + 1),
      { data: b, rows: 40, vocab: V, normalized: false },
      pick.subarray(n, n + 1),
    );
    for (const m of ["kl", "kl_reverse", "js", "tv"] as const) assert.equal(all[m][n], one[m][0], `${m} token ${n}`);
  }
});

test("PairStats.run keeps a small error for near-identical distributions (a model against its quantization)", async () => {
  const V = 4096;
  const a = logits(4, V, 3, 9);
  const noise = logits(4, V, 1e-2, 10);
  const b = a.map((x, i) => x + noise[i]);
  const r = await (
    await PairStats.get([false, false])
  ).run(
    { data: a, rows: 4, vocab: V, normalized: false },
    Int32Array.of(0, 1, 2, 3),
    { data: b, rows: 4, vocab: V, normalized: false },
    Int32Array.of(0, 1, 2, 3),
  );
  for (let n = 0; n < 4; n++) {
    const ref = reference(a, n, b, n, V);
    // JS ~4e-6 bits here.  float32 terms carry an absolute error of about
    // an ulp of ln 2 times p per vocabulary entry: about 1e-7 bits in all.
    assert.ok(ref.js > 0 && Math.abs(r.js[n] - ref.js) <= 0.03 * ref.js + 1e-7, `js ${r.js[n]} vs ${ref.js}`);
    assert.ok(Math.abs(r.kl[n] - ref.kl) <= 0.03 * ref.kl + 1e-7, `kl ${r.kl[n]} vs ${ref.kl}`);
    assert.ok(Math.abs(r.tv[n] - ref.tv) <= 0.01 * ref.tv + 1e-7, `tv ${r.tv[n]} vs ${ref.tv}`);
  }
});
