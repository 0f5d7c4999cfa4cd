import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkKeys,
  checkObject,
  DEFAULT_MAX_CLAMP_RANK,
  DEFAULT_TOP_K,
  keyword,
  maybeAggregation,
  maybeBoolean,
  maybeInt,
  maybeMaxClampRank,
  maybeMeasure,
  maybeNumber,
  maybeOrder,
  maybeRange,
  maybeShard,
  maybeString,
  maybeTopK,
} from "../../src/core/options.ts";

test("option errors name the option, the bad value and what is allowed", () => {
  assert.throws(
    () => maybeMeasure("foo"),
    /^LmdiffError: lmdiff: unknown measure "foo" \(expected one of prob_diff, logprob_diff, rank_diff/,
  );
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
  assert.throws(
    () => maybeTopK(100000, 4096),
    /^LmdiffError: lmdiff: invalid top-k 100000 \(expected an integer from 1 to 4096, the vocabulary size\)$/,
  );
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

test("checkKeys(name, input, allowed) names whose option is unknown and lists the allowed ones", () => {
  assert.throws(
    () => checkKeys("PNG", { zoom: 2 }, ["scale", "dpi"]),
    /^LmdiffError: lmdiff: unknown PNG option "zoom" \(expected one of scale, dpi\)$/,
  );
  assert.doesNotThrow(() => checkKeys("PNG", { scale: 2 }, new Set(["scale", "dpi"])));
  assert.doesNotThrow(() => checkKeys("PNG", {}, []));
});

test("checkKeys and checkObject refuse null, arrays and non-objects as options", () => {
  assert.throws(() => checkKeys("figure", null, []), /invalid figure options null \(expected an object\)/);
  assert.throws(() => checkKeys("render", [1], []), /invalid render options \[1\] \(expected an object\)/);
  assert.throws(() => checkObject("figure", 3), /invalid figure options 3 \(expected an object\)/);
  assert.throws(() => checkObject("figure", "strip"), /invalid figure options "strip"/);
});

test("maybeMaxClampRank falls back to 50 and takes integers from 1 up", () => {
  assert.equal(DEFAULT_MAX_CLAMP_RANK, 50);
  assert.equal(maybeMaxClampRank(undefined), 50);
  assert.equal(maybeMaxClampRank("20"), 20);
  assert.throws(() => maybeMaxClampRank(0), /^LmdiffError: lmdiff: invalid max clamp rank 0 \(expected an integer from 1 up\)$/);
  assert.throws(() => maybeMaxClampRank(2.5), /invalid max clamp rank 2.5/);
});

test("DEFAULT_TOP_K is the fallback of maybeTopK", () => {
  assert.equal(maybeTopK(undefined), DEFAULT_TOP_K);
});

test("maybeNumber takes finite numbers and numeric strings within the range", () => {
  assert.equal(maybeNumber("width", undefined, 455), 455);
  assert.equal(maybeNumber("width", "300", 455, 200), 300);
  assert.throws(
    () => maybeNumber("width", 100, 455, 200, 2000),
    /^LmdiffError: lmdiff: invalid width 100 \(expected a number from 200 to 2000\)$/,
  );
  assert.throws(() => maybeNumber("scale", Number.POSITIVE_INFINITY, 2), /invalid scale null \(expected a number\)/);
  assert.throws(() => maybeNumber("scale", "", 2), /invalid scale ""/);
});

test("maybeBoolean takes booleans and their strings; maybeString takes strings", () => {
  assert.equal(maybeBoolean("legend", undefined, true), true);
  assert.equal(maybeBoolean("legend", "false", true), false);
  assert.throws(() => maybeBoolean("legend", 1, true), /invalid legend 1 \(expected true or false\)/);
  assert.equal(maybeString("title", undefined), "");
  assert.equal(maybeString("title", "A"), "A");
  assert.throws(() => maybeString("title", 3), /invalid title 3 \(expected a string\)/);
});

test("maybeRange orders a pair of finite numbers and refuses anything else", () => {
  assert.equal(maybeRange("brush", null), null);
  assert.deepEqual(maybeRange("brush", [2, -1]), [-1, 2]);
  assert.throws(() => maybeRange("brush", [1]), /invalid brush \[1\] \(expected \[low, high\] numbers or null\)/);
  assert.throws(() => maybeRange("brush", [0, Number.NaN]), /invalid brush/);
});

test("maybeShard(v) takes i/n strings and { index, count } objects, counted from 0", () => {
  assert.deepEqual(maybeShard("0/4"), { index: 0, count: 4 });
  assert.deepEqual(maybeShard(" 3 / 4 "), { index: 3, count: 4 });
  assert.deepEqual(maybeShard({ index: 0, count: 1 }), { index: 0, count: 1 });
});

test("maybeShard(v, name) rejects an index past the last shard, a negative index, non-numbers and zero shards, naming the option", () => {
  assert.throws(
    () => maybeShard("3/3", "--shard"),
    /^LmdiffError: lmdiff: invalid --shard "3\/3" \(the shards of 3 are numbered 0 to 2\)$/,
  );
  assert.throws(() => maybeShard("-1/2", "--shard"), /invalid --shard "-1\/2" \(the shards of 2 are numbered 0 to 1\)/);
  assert.throws(() => maybeShard("a/b", "--shard"), /invalid --shard "a\/b" \(expected i\/n, shard i of n counted from 0, such as 0\/4\)/);
  assert.throws(() => maybeShard("0/0", "--shard"), /invalid --shard "0\/0" \(the number of shards must be at least 1\)/);
  assert.throws(() => maybeShard("1.5/3"), /invalid shard "1.5\/3" \(expected i\/n/);
  assert.throws(() => maybeShard({ index: 2, count: 2 }), /invalid shard \{"index":2,"count":2\} \(the shards of 2 are numbered 0 to 1\)/);
  assert.throws(() => maybeShard(3), /invalid shard 3 \(expected i\/n/);
});
