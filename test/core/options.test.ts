import assert from "node:assert/strict";
import { test } from "node:test";
import { keyword, maybeAggregation, maybeInt, maybeMeasure, maybeOrder } from "../../src/core/options.ts";

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
