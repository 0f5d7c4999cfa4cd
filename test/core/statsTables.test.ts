import assert from "node:assert/strict";
import { test } from "node:test";
import { Float64, Int32, Int8, Utf8 } from "apache-arrow";
import { pairStatistics, type StatsDoc } from "../../src/core/pairStatistics.ts";
import { perTextTable, statsTable } from "../../src/core/statsTables.ts";

function doc(lp1: number[], lp2: number[], withKl = true): StatsDoc {
  const n = lp1.length;
  return {
    logprob1: Float32Array.from(lp1),
    logprob2: Float32Array.from(lp2),
    rank1: new Int32Array(n).fill(1),
    rank2: Int32Array.from(lp2, (v, i) => (v > lp1[i] ? 1 : 2)),
    top1Agree: Int32Array.from(lp2, (v, i) => (v > lp1[i] ? 1 : 0)),
    ...(withKl ? { kl: Float32Array.from(lp1, (v, i) => Math.abs(v - lp2[i])) } : {}),
  };
}

const DOCS = [doc([-1, -2, -0.5], [-0.5, -2.5, -0.25]), doc([-3, -1], [-2, -1.5]), doc([-1], [-2]), doc([], [])];
const REPORT = pairStatistics(["tiny-en", "tiny-en-ft"], DOCS, { resamples: 100, seed: 7 });

test("statsTable(report) has one row per statistic with columns statistic, value, se, low, high, token_se", () => {
  const t = statsTable(REPORT);
  assert.deepEqual(
    t.schema.fields.map((f) => f.name),
    ["statistic", "value", "se", "low", "high", "token_se"],
  );
  assert.ok(t.schema.fields[0].type instanceof Utf8);
  for (const f of t.schema.fields.slice(1)) {
    assert.ok(f.type instanceof Float64, f.name);
    assert.equal(f.nullable, true);
  }
  const names = t.getChild("statistic")!.toArray() as string[];
  assert.equal(names.length, t.numRows);
  for (const name of ["kl_mean", "kl_p99.9", "kl_median", "delta_p_mean", "delta_p_rms", "delta_p_max", "delta_p_min", "same_top1"])
    assert.ok(names.includes(name), name);
  for (const name of ["ln_ppl_ratio", "ppl_ratio", "ppl_1", "ppl_2", "mcnemar_b", "mcnemar_p", "texts_better_1", "texts_better_neither"])
    assert.ok(names.includes(name), name);
  const row = (name: string) => t.get(names.indexOf(name))!.toJSON();
  assert.deepEqual(row("ln_ppl_ratio"), {
    statistic: "ln_ppl_ratio",
    value: REPORT.lnPplRatio.estimate,
    se: REPORT.lnPplRatio.se,
    low: REPORT.lnPplRatio.low,
    high: REPORT.lnPplRatio.high,
    token_se: REPORT.lnPplRatio.tokenSe,
  });
  // Not applicable: null, not NaN.
  assert.deepEqual(row("ppl_ratio"), {
    statistic: "ppl_ratio",
    value: REPORT.pplRatio.estimate,
    se: null,
    low: REPORT.pplRatio.low,
    high: REPORT.pplRatio.high,
    token_se: null,
  });
  assert.deepEqual(row("mcnemar_b"), { statistic: "mcnemar_b", value: REPORT.mcnemar.b, se: null, low: null, high: null, token_se: null });
});

test("statsTable(report) carries the models and the bootstrap settings as schema metadata", () => {
  const meta = statsTable(REPORT).schema.metadata;
  assert.equal(meta.get("lmdiff.format"), "lmdiff-stats/1");
  assert.equal(meta.get("lmdiff.model_1"), "tiny-en");
  assert.equal(meta.get("lmdiff.model_2"), "tiny-en-ft");
  assert.equal(meta.get("lmdiff.texts"), "4");
  assert.equal(meta.get("lmdiff.tokens"), "6");
  assert.equal(meta.get("lmdiff.resamples"), "100");
  assert.equal(meta.get("lmdiff.seed"), "7");
  assert.equal(meta.get("lmdiff.confidence"), "0.95");
});

test("statsTable(report) keeps the KL rows, all null, when the report has no KL", () => {
  const noKl = pairStatistics(["a", "b"], [doc([-1, -2], [-1.5, -1], false)], { resamples: 10 });
  const t = statsTable(noKl);
  assert.equal(t.numRows, statsTable(REPORT).numRows);
  const names = t.getChild("statistic")!.toArray() as string[];
  const value = t.getChild("value")!;
  for (const [i, name] of names.entries()) if (name.startsWith("kl_")) assert.equal(value.get(i), null, name);
});

test("perTextTable(report) has one row per text with typed columns and nulls where undefined", () => {
  const t = perTextTable(REPORT);
  assert.equal(t.numRows, 4);
  assert.deepEqual(
    t.schema.fields.map((f) => f.name),
    ["index", "n_tokens", "mean_logprob_diff", "se", "low", "high", "p", "q", "better"],
  );
  const types: unknown[] = t.schema.fields.map((f): unknown => f.type);
  assert.ok(types[0] instanceof Int32 && types[1] instanceof Int32 && types[8] instanceof Int8);
  for (const ty of types.slice(2, 8)) assert.ok(ty instanceof Float64);
  assert.deepEqual(Array.from(t.getChild("index")!.toArray() as Int32Array), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(t.getChild("n_tokens")!.toArray() as Int32Array), [3, 2, 1, 0]);
  const first = t.get(0)!.toJSON();
  assert.equal(first.mean_logprob_diff, REPORT.perText.meanLogprobDiff[0]);
  assert.equal(first.q, REPORT.perText.q[0]);
  // One token: mean but no se; no tokens: nothing.
  assert.equal(t.get(2)!.toJSON().mean_logprob_diff, -1);
  assert.equal(t.get(2)!.toJSON().se, null);
  assert.equal(t.get(3)!.toJSON().mean_logprob_diff, null);
  assert.equal(t.get(3)!.toJSON().better, 0);
  assert.equal(t.schema.metadata.get("lmdiff.format"), "lmdiff-stats-texts/1");
});
