import { Field, Float64, Int32, Int8, makeData, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray, type Data } from "apache-arrow";
import type { PairStatsReport, Percentile } from "./pairStatistics.js";

/**
 * The statistics report as Arrow tables, for files, notebooks and the
 * server: one row per statistic (statsTable) and one row per text
 * (perTextTable).  Values that do not apply or could not be computed (a
 * NaN, such as the SE of a one-token text, or KL without a joint run) are
 * null, not NaN, so that they read as missing in pandas, polars and DuckDB.
 */

export const STATS_FORMAT = "lmdiff-stats/1";
export const PER_TEXT_FORMAT = "lmdiff-stats-texts/1";

/** A statistic's row: its name and value, and where they apply, bootstrap SE, interval and token-level SE. */
interface Row {
  statistic: string;
  value: number;
  se?: number;
  low?: number;
  high?: number;
  tokenSe?: number;
}

/** A nullable Float64 column: undefined and NaN become null. */
function float64Column(values: readonly (number | undefined)[] | Float64Array): Data<Float64> {
  const n = values.length;
  const data = new Float64Array(n);
  const valid = new Uint8Array(Math.ceil(n / 8));
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === undefined || Number.isNaN(v)) nullCount++;
    else {
      data[i] = v;
      valid[i >> 3] |= 1 << (i & 7);
    }
  }
  return makeData({ type: new Float64(), length: n, nullCount, nullBitmap: nullCount > 0 ? valid : undefined, data });
}

function metadata(report: PairStatsReport, format: string): Map<string, string> {
  return new Map([
    ["lmdiff.format", format],
    ["lmdiff.model_1", report.models[0]],
    ["lmdiff.model_2", report.models[1]],
    ["lmdiff.texts", String(report.texts)],
    ["lmdiff.tokens", String(report.tokens)],
    ["lmdiff.resamples", String(report.resamples)],
    ["lmdiff.seed", String(report.seed)],
    ["lmdiff.confidence", String(report.confidence)],
    ["lmdiff.alpha", String(report.alpha)],
  ]);
}

function table(fields: Field[], children: Data[], meta: Map<string, string>, length: number): Table {
  const schema = new Schema(fields, meta);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length, children }))]);
}

/** "max", "p99.9", …, "median", …, "p0.1", "min". */
function percentileName(p: number): string {
  if (p === 1) return "max";
  if (p === 0) return "min";
  if (p === 0.5) return "median";
  return `p${+(p * 100).toPrecision(6)}`;
}

function percentileRows(prefix: string, percentiles: readonly Percentile[] | null, ps: readonly number[]): Row[] {
  return ps.map((p, i) => ({ statistic: `${prefix}_${percentileName(p)}`, value: percentiles ? percentiles[i].value : NaN }));
}

/**
 * One row per statistic, columns statistic (Utf8), value, se, low, high and
 * token_se (Float64, null where not applicable): se, low and high are the
 * bootstrap-over-texts ones, token_se the SE that treats tokens as
 * independent.  The KL rows are present, all null, when the report has no
 * KL, so that every report has the same rows.  Schema metadata
 * (lmdiff.model_1, lmdiff.model_2, lmdiff.texts, lmdiff.tokens,
 * lmdiff.resamples, lmdiff.seed, lmdiff.confidence, lmdiff.alpha) says what
 * was compared and how.
 */
export function statsTable(report: PairStatsReport): Table {
  const ps = report.deltaP.percentiles.map((x) => x.p);
  const { kl, deltaP, sameTop1, lnPplRatio, pplRatio, perplexity, mcnemar, betterTexts } = report;
  const est = (statistic: string, e: { estimate: number; se?: number; low: number; high: number; tokenSe?: number } | null): Row =>
    e ? { statistic, value: e.estimate, se: e.se, low: e.low, high: e.high, tokenSe: e.tokenSe } : { statistic, value: NaN };
  const rows: Row[] = [
    est("kl_mean", kl),
    ...percentileRows("kl", kl?.percentiles ?? null, ps),
    est("delta_p_mean", deltaP),
    est("delta_p_rms", deltaP.rms),
    ...percentileRows("delta_p", deltaP.percentiles, ps),
    est("same_top1", sameTop1),
    est("ln_ppl_ratio", lnPplRatio),
    est("ppl_ratio", pplRatio),
    est("ppl_1", perplexity[0]),
    est("ppl_2", perplexity[1]),
    { statistic: "mcnemar_b", value: mcnemar.b },
    { statistic: "mcnemar_c", value: mcnemar.c },
    { statistic: "mcnemar_statistic", value: mcnemar.statistic },
    { statistic: "mcnemar_p", value: mcnemar.p },
    { statistic: "texts_better_1", value: betterTexts.model1 },
    { statistic: "texts_better_2", value: betterTexts.model2 },
    { statistic: "texts_better_neither", value: betterTexts.neither },
  ];
  const fields = [
    new Field("statistic", new Utf8(), false),
    ...["value", "se", "low", "high", "token_se"].map((name) => new Field(name, new Float64(), true)),
  ];
  const children = [
    vectorFromArray(
      rows.map((r) => r.statistic),
      new Utf8(),
    ).data[0],
    float64Column(rows.map((r) => r.value)),
    float64Column(rows.map((r) => r.se)),
    float64Column(rows.map((r) => r.low)),
    float64Column(rows.map((r) => r.high)),
    float64Column(rows.map((r) => r.tokenSe)),
  ];
  return table(fields, children, metadata(report, STATS_FORMAT), rows.length);
}

/**
 * One row per text: index and n_tokens (Int32); mean_logprob_diff
 * (mean logprob₂ − logprob₁), se, low, high, p and q (Float64, null where
 * undefined, e.g. se for fewer than two tokens); better (Int8: 1 or 2 for
 * the model that is significantly better on the text, 0 for neither).
 */
export function perTextTable(report: PairStatsReport): Table {
  const t = report.perText;
  const n = report.texts;
  const fields = [
    new Field("index", new Int32(), false),
    new Field("n_tokens", new Int32(), false),
    ...["mean_logprob_diff", "se", "low", "high", "p", "q"].map((name) => new Field(name, new Float64(), true)),
    new Field("better", new Int8(), false),
  ];
  const children = [
    makeData({ type: new Int32(), length: n, data: Int32Array.from({ length: n }, (_, i) => i) }),
    makeData({ type: new Int32(), length: n, data: t.nTokens }),
    ...[t.meanLogprobDiff, t.se, t.low, t.high, t.p, t.q].map(float64Column),
    makeData({ type: new Int8(), length: n, data: t.better }),
  ];
  return table(fields, children, metadata(report, PER_TEXT_FORMAT), n);
}
