import assert from "node:assert/strict";
import { test } from "node:test";
import { formatStats } from "../../src/core/formatStats.ts";
import { PERCENTILES, type PairStatsReport } from "../../src/core/pairStatistics.ts";

const pct = (values: number[]) => PERCENTILES.map((p, i) => ({ p, value: values[i] }));

/** A report with round numbers, so that every formatted digit can be checked by eye. */
const REPORT: PairStatsReport = {
  models: ["tiny-en", "tiny-en-ft"],
  texts: 120,
  tokens: 10345,
  resamples: 1000,
  seed: 0,
  confidence: 0.95,
  alpha: 0.05,
  kl: {
    estimate: 0.0412,
    se: 0.0008,
    low: 0.0381,
    high: 0.0447,
    tokenSe: 0.00021,
    percentiles: pct([5.125, 1.5, 0.75, 0.25, 0.125, 0.0125, 0.0012, 0.00061, 0.0000123, 1e-7, 0]),
  },
  deltaP: {
    estimate: -0.0052,
    se: 0.0009,
    low: -0.007,
    high: -0.0035,
    tokenSe: 0.0003,
    percentiles: pct([0.9, 0.5, 0.3, 0.1, 0.05, 0, -0.05, -0.1, -0.3, -0.5, -0.9]),
    rms: { estimate: 0.041, se: 0.002, low: 0.038, high: 0.045, tokenSe: 0.0005 },
  },
  sameTop1: { estimate: 0.912, se: 0.004, low: 0.904, high: 0.92, tokenSe: 0.003 },
  lnPplRatio: { estimate: 0.0123, se: 0.003, low: 0.0065, high: 0.0181, tokenSe: 0.0011 },
  pplRatio: { estimate: 1.0124, low: 1.0065, high: 1.0183 },
  perplexity: [
    { estimate: 23.41, low: 22.1, high: 24.8 },
    { estimate: 23.7, low: 22.35, high: 25.11 },
  ],
  mcnemar: { b: 310, c: 402, statistic: 11.63, p: 0.00065, exact: false },
  perText: {
    nTokens: new Int32Array(0),
    meanLogprobDiff: new Float64Array(0),
    se: new Float64Array(0),
    low: new Float64Array(0),
    high: new Float64Array(0),
    p: new Float64Array(0),
    q: new Float64Array(0),
    better: new Int8Array(0),
  },
  betterTexts: { model1: 12, model2: 40, neither: 68 },
};

test("formatStats(report) heads the table with the models, sizes and bootstrap settings", () => {
  const lines = formatStats(REPORT).split("\n");
  assert.equal(
    lines[0],
    "lmdiff stats: tiny-en (1) vs tiny-en-ft (2) · 120 texts · 10,345 tokens · bootstrap over texts, 1,000 resamples, seed 0, 95% intervals",
  );
  assert.ok(formatStats(REPORT).endsWith("\n"));
});

test("formatStats(report) writes each estimate as value ± SE, interval and token SE", () => {
  const text = formatStats(REPORT);
  const has = (line: string) => assert.ok(text.split("\n").includes(line), `missing line:\n${line}\nin:\n${text}`);
  has("                   estimate ± SE              95% interval                token SE");
  has("Mean KL(1‖2)       0.0412 ± 0.0008 nats       [0.0381, 0.0447] nats       0.00021");
  has("Mean Δp            -0.52 ± 0.09 %             [-0.70, -0.35] %            0.03");
  has("RMS Δp             4.10 ± 0.20 %              [3.80, 4.50] %              0.05");
  has("Same top-1         91.2 ± 0.4 %               [90.4, 92.0] %              0.3");
  // An SE that starts with 3 or more keeps one significant digit; with 1 or 2, two.
  has("ln(PPL₂/PPL₁)      0.012 ± 0.003              [0.006, 0.018]              0.0011");
  // Without an SE, decimals follow a quarter of the interval's width (0.0118/4 ≈ 0.003).
  has("PPL₂/PPL₁          1.012                      [1.006, 1.018]");
  has("PPL(1)             23.4                       [22.1, 24.8]");
});

test("formatStats(report) lists KL and Δp percentiles, Δp in percent", () => {
  const lines = formatStats(REPORT).split("\n");
  const at = lines.findIndex((l) => l.startsWith("percentiles"));
  assert.deepEqual(lines.slice(at, at + 3), [
    "percentiles    max  99.9%   99%   95%    90%  median     10%       5%       1%     0.1%  min",
    "KL(1‖2) nats  5.13    1.5  0.75  0.25  0.125  0.0125  0.0012  6.10e-4  1.23e-5  1.00e-7    0",
    "Δp %            90     50    30    10      5       0      -5      -10      -30      -50  -90",
  ]);
});

test("formatStats(report) ends with McNemar's test and the count of better texts", () => {
  const text = formatStats(REPORT);
  assert.ok(
    text.includes(
      "McNemar, top-1 correct: model 1 only 310, model 2 only 402 tokens; χ² = 11.63, p = 6.5e-4 (tokens within a text are not independent, so this p is optimistic)",
    ),
  );
  assert.ok(text.endsWith("texts significantly better (BH q < 0.05): model 1: 12, model 2: 40, neither: 68\n"));
  const exact = formatStats({ ...REPORT, mcnemar: { b: 1, c: 7, statistic: 3.125, p: 0.0703125, exact: true } });
  assert.ok(exact.includes("model 1 only 1, model 2 only 7 tokens; exact binomial p = 0.07 "));
  // A p-value below double precision's range is not written as 0.
  const tiny = formatStats({ ...REPORT, mcnemar: { b: 5356, c: 1856, statistic: 1697.59, p: 0, exact: false } });
  assert.ok(tiny.includes("χ² = 1697.59, p < 1e-300 "));
});

test("formatStats(report) says that KL needs a joint run when the report has none", () => {
  const text = formatStats({ ...REPORT, kl: null });
  assert.ok(text.includes("Mean KL(1‖2)       not available: KL needs a joint run (`lmdiff preprocess all` writes a pair cache)"));
  assert.ok(!text.includes("KL(1‖2) nats"));
  assert.ok(text.includes("\nΔp %"));
});

test("formatStats(report) writes n/a for estimates that could not be computed", () => {
  const empty = { estimate: NaN, se: NaN, low: NaN, high: NaN, tokenSe: NaN };
  const text = formatStats({ ...REPORT, lnPplRatio: empty });
  assert.ok(text.includes("ln(PPL₂/PPL₁)      n/a ± n/a                  [n/a, n/a]                  n/a"));
});
