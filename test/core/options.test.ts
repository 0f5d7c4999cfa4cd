import assert from "node:assert/strict";
import { test } from "node:test";
import { keyword, maybeAggregation, maybeInt, maybeMeasure, maybeOrder, maybeTopK } from "../../src/core/options.ts";

test("option errors name the option, the bad value and what is allowed", () => {
  assert.throws(() => maybeMeasure("foo"), /^LmdiffError: lmdiff: unknown measure "foo" \(expected one of prob_diff, logprob_diff, rank_diff/);
  assert.throws(() => maybeAggregation("avg"), /unknown aggregation "avg" \(expected one of mean, median, upper_quartile, min, max\)/);
  assert.throws(() => maybeOrder(3), /unknown order 3/);
  assert.throws(() => maybeInt("k", "1.5", 1, 1), /invalid k "1.5" \(expected an integer from 1 up\)/);
  assert.throws(() => maybeInt("bins", 0, 1, 1, 10), /from 1 to 10/);
});

test("options fall back to defaults when absent and accept numeric strings", () => {
  assert.equal(maybeMeasure(undefined), "prob_diff");
  assert.equal(maybeAggregation(undefined), "mean");
  assert.equal(maybeInt("k", "7", 1, 1), 7);
  assert.equal(keyword("x", "b", ["a", "b"] as const), "b");
});

test("maybeTopK(v, vocabSize) rejects a k larger than the vocabulary, naming it", () => {
  assert.throws(() => maybeTopK(100000, 4096), /^LmdiffError: lmdiff: invalid top-k 100000 \(expected an integer from 1 to 4096, the vocabulary size\)$/);
  assert.throws(() => maybeTopK("100000", 4096), /invalid top-k 100000 \(/);
  assert.equal(maybeTopK(4096, 4096), 4096);
  assert.equal(maybeTopK("7", 4096), 7);
});

test("maybeTopK(v) rejects zero, fractions, non-numbers and NaN, with or without a vocabulary size", () => {
  assert.throws(() => maybeTopK(0, 4096), /invalid top-k 0 \(expected an integer from 1 to 4096/);
  assert.throws(() => maybeTopK(2.5), /invalid top-k 2.5 \(expected an integer from 1 up\)/);
  assert.throws(() => maybeTopK("zero"), /invalid top-k "zero"/);
  assert.throws(() => maybeTopK(""), /invalid top-k ""/);
  assert.throws(() => maybeTopK(Number.NaN), /invalid top-k NaN/);
  assert.throws(() => maybeTopK(10n), /invalid top-k 10 /);
});

test("maybeTopK(undefined) falls back to 10, capped by a smaller vocabulary", () => {
  assert.equal(maybeTopK(undefined), 10);
  assert.equal(maybeTopK(null, 4096), 10);
  assert.equal(maybeTopK(undefined, 4096, 5), 5);
  assert.equal(maybeTopK(undefined, 3), 3);
});
