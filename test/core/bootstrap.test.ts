import assert from "node:assert/strict";
import { test } from "node:test";
import { bootstrapOptions, bootstrapRatio, bootstrapRatios, bootstrapReplicates, summarizeReplicates } from "../../src/core/bootstrap.ts";
import { isLmdiffError } from "../../src/core/LmdiffError.ts";
import { seededRandom } from "../../src/core/seededRandom.ts";

/** n standard normal values by Box–Muller from a seeded stream. */
function normals(random: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - random(); // in (0, 1], so the log is finite
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  }
  return out;
}

const ones = (n: number) => new Float64Array(n).fill(1);

test("bootstrapRatio(num, den) estimates Σnum/Σden on the full data", () => {
  const num = Float64Array.of(3, 5, 0, 12);
  const den = Float64Array.of(2, 4, 0, 6);
  const r = bootstrapRatio(num, den, { resamples: 50 });
  assert.equal(r.estimate, 20 / 12);
  assert.ok(r.low <= r.estimate && r.estimate <= r.high);
});

test("bootstrapRatio(num, den) gives an SE within 10% of the analytic SE of a mean", () => {
  const n = 400;
  const x = normals(seededRandom(11), n);
  let mean = 0;
  for (const v of x) mean += v / n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const analytic = Math.sqrt(ss / (n - 1) / n);
  const r = bootstrapRatio(x, ones(n), { resamples: 2000, seed: 3 });
  assert.ok(Math.abs(r.estimate - mean) < 1e-12);
  assert.ok(Math.abs(r.se / analytic - 1) < 0.1, `bootstrap se ${r.se} vs analytic ${analytic}`);
  // The 95% percentile interval is about mean ± 1.96 se.
  assert.ok(Math.abs((r.high - r.low) / (2 * 1.96 * analytic) - 1) < 0.15);
});

test("bootstrapRatio(num, den) covers the true mean about 95% of the time", () => {
  // 200 data sets of 50 iid N(3, 2²) texts; the percentile interval under-covers a
  // little at this size (about 93%), so the bound is loose.
  let covered = 0;
  const reps = 200;
  for (let rep = 0; rep < reps; rep++) {
    const x = normals(seededRandom(1 + rep), 50).map((v) => 3 + 2 * v);
    const r = bootstrapRatio(x, ones(50), { resamples: 400, seed: rep });
    if (r.low <= 3 && 3 <= r.high) covered++;
  }
  assert.ok(covered / reps >= 0.9 && covered / reps <= 0.99, `coverage ${covered / reps}`);
});

test("bootstrapRatio(num, den, {seed}) is reproducible, and differs with another seed", () => {
  const x = normals(seededRandom(5), 60);
  const a = bootstrapRatio(x, ones(60), { resamples: 200, seed: 9 });
  const b = bootstrapRatio(x, ones(60), { resamples: 200, seed: 9 });
  const c = bootstrapRatio(x, ones(60), { resamples: 200, seed: 10 });
  assert.deepEqual(a, b);
  assert.notEqual(a.se, c.se);
  assert.notEqual(a.low, c.low);
  assert.equal(a.estimate, c.estimate);
});

test("bootstrapRatios(nums, den) computes every numerator from the same draws", () => {
  const random = seededRandom(2);
  const den = Float64Array.from({ length: 80 }, () => 1 + Math.floor(random() * 20));
  const a = den.map((d) => d * random());
  const b = den.map((d) => d * random() * 3);
  const both = bootstrapRatios([a, b], den, { resamples: 300, seed: 4 });
  assert.deepEqual(both, [bootstrapRatio(a, den, { resamples: 300, seed: 4 }), bootstrapRatio(b, den, { resamples: 300, seed: 4 })]);
  // Same draws: a numerator that is twice another has exactly twice its replicates.
  const [r1, r2] = bootstrapReplicates([a, a.map((v) => 2 * v)], den, { resamples: 100 });
  assert.deepEqual(
    r2,
    r1.map((v) => 2 * v),
  );
});

test("bootstrapRatio uses R-7 quantiles of the replicates for the interval", () => {
  // Replicates 1…101: the 2.5% and 97.5% R-7 quantiles are 3.5 and 98.5.
  const s = summarizeReplicates(
    50,
    Float64Array.from({ length: 101 }, (_, i) => i + 1),
    0.95,
  );
  // (1 − 0.95)/2 is 0.025000000000000022 in doubles, hence the tolerance.
  assert.ok(Math.abs(s.low - 3.5) < 1e-12);
  assert.ok(Math.abs(s.high - 98.5) < 1e-12);
  assert.ok(Math.abs(s.se - Math.sqrt((101 * 102) / 12)) < 1e-12);
});

test("summarizeReplicates leaves out resamples without an estimate", () => {
  const s = summarizeReplicates(2, Float64Array.of(1, NaN, 3, Infinity), 0.5);
  assert.equal(s.se, Math.SQRT2);
  assert.equal(s.low, 1.5);
  assert.equal(s.high, 2.5);
  const none = summarizeReplicates(NaN, Float64Array.of(NaN), 0.95);
  assert.ok([none.se, none.low, none.high].every(Number.isNaN));
});

test("bootstrapRatio of no texts is NaN throughout", () => {
  const r = bootstrapRatio(new Float64Array(0), new Float64Array(0), { resamples: 10 });
  assert.ok([r.estimate, r.se, r.low, r.high].every(Number.isNaN));
});

test("bootstrapOptions fills defaults and rejects bad options by name", () => {
  assert.deepEqual(bootstrapOptions(), { resamples: 1000, seed: 0, confidence: 0.95 });
  const bad = (opts: object, re: RegExp) =>
    assert.throws(
      () => bootstrapOptions(opts),
      (e) => isLmdiffError(e) && re.test(e.message),
    );
  bad({ resamples: 0 }, /invalid resamples 0/);
  bad({ resamples: 2.5 }, /invalid resamples/);
  bad({ seed: -1 }, /invalid seed -1/);
  bad({ confidence: 1 }, /invalid confidence 1 \(expected a number between 0 and 1, exclusive\)/);
  bad({ confidence: 0 }, /invalid confidence 0/);
});

test("bootstrapReplicates rejects numerators whose length differs from the denominator's", () => {
  assert.throws(() => bootstrapReplicates([Float64Array.of(1, 2)], Float64Array.of(1)), /numerator 0 has 2 entries, the denominator 1/);
});
