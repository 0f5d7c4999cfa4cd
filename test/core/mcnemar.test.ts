import assert from "node:assert/strict";
import { test } from "node:test";
import { mcnemar } from "../../src/core/mcnemar.ts";

test("mcnemar(b, c) uses the exact binomial test below 25 discordant pairs", () => {
  // 2·(C(8,0) + C(8,1))/2^8 = 18/256; R: binom.test(1, 8)$p.value.
  const r = mcnemar(1, 7);
  assert.equal(r.p, 0.0703125);
  assert.equal(r.exact, true);
  assert.equal(r.b, 1);
  assert.equal(r.c, 7);
  // scipy.stats.binomtest(5, 24).pvalue
  assert.ok(Math.abs(mcnemar(19, 5).p - 0.006610751152038574) < 1e-15);
  assert.equal(mcnemar(12, 12).p, 1);
});

test("mcnemar(b, c) uses χ² with continuity correction from 25 discordant pairs", () => {
  // Agresti, Categorical Data Analysis (2002) §10.1.1: approval of the President's
  // performance in two surveys, b = 150, c = 86; R's mcnemar.test gives 16.818, p = 4.115e-05.
  const r = mcnemar(150, 86);
  assert.equal(r.exact, false);
  assert.ok(Math.abs(r.statistic - 3969 / 236) < 1e-12);
  assert.ok(Math.abs(r.p - 4.114562281345944e-5) < 1e-17);
  assert.equal(mcnemar(13, 12).exact, false);
});

test("mcnemar(b, c) gives p = 1 without discordant pairs, and for b = c", () => {
  assert.deepEqual(mcnemar(0, 0), { b: 0, c: 0, statistic: 0, p: 1, exact: true });
  const r = mcnemar(40, 40);
  assert.equal(r.statistic, 0);
  assert.equal(r.p, 1);
});

test("mcnemar(b, c) is symmetric in b and c", () => {
  assert.equal(mcnemar(3, 9).p, mcnemar(9, 3).p);
  assert.equal(mcnemar(30, 90).p, mcnemar(90, 30).p);
});

test("mcnemar(b, c) rejects counts that are not non-negative integers", () => {
  assert.throws(() => mcnemar(-1, 3), /b must be a count/);
  assert.throws(() => mcnemar(1, 2.5), /c must be a count/);
});
