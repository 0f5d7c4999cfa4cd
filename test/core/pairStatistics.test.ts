import assert from "node:assert/strict";
import { test } from "node:test";
import { quantile } from "../../src/core/aggregate.ts";
import { benjaminiHochberg } from "../../src/core/benjaminiHochberg.ts";
import { isLmdiffError } from "../../src/core/LmdiffError.ts";
import { twoSidedP } from "../../src/core/normalCdf.ts";
import { pairStatistics, PERCENTILES, type StatsDoc } from "../../src/core/pairStatistics.ts";
import { seededRandom } from "../../src/core/seededRandom.ts";

function doc(lp1: number[], lp2: number[], rank1: number[], rank2: number[], agree: number[], kl?: number[]): StatsDoc {
  return {
    logprob1: Float32Array.from(lp1),
    logprob2: Float32Array.from(lp2),
    rank1: Int32Array.from(rank1),
    rank2: Int32Array.from(rank2),
    top1Agree: Uint8Array.from(agree),
    ...(kl ? { kl: Float32Array.from(kl) } : {}),
  };
}

/** A hand-made corpus; every value is exact in float32, so a float64 reference sees the same numbers. */
const CORPUS: StatsDoc[] = [
  doc([-0.5, -1, -2], [-0.25, -1.5, -1], [1, 2, 1], [1, 1, 3], [1, 0, 1], [0.125, 0.5, 0.25]),
  doc([-3, -0.75, -1.25, -0.5], [-2.5, -0.5, -1, -0.25], [4, 1, 2, 1], [2, 1, 1, 1], [0, 1, 1, 1], [1, 0.0625, 0.375, 0.25]),
  doc([-1], [-2], [1], [5], [0], [0.75]),
  doc([], [], [], [], [], []),
];

const flat = (f: (d: StatsDoc) => ArrayLike<number>) => CORPUS.flatMap((d) => Array.from(f(d)));
const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const variance = (x: number[]) => x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - 1);
const covariance = (x: number[], y: number[]) => x.reduce((s, v, i) => s + (v - mean(x)) * (y[i] - mean(y)), 0) / (x.length - 1);

function close(actual: number, expected: number, what: string, tol = 1e-12) {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

test("pairStatistics counts texts and tokens, empty texts included", () => {
  const r = pairStatistics(["a", "b"], CORPUS, { resamples: 50 });
  assert.deepEqual(r.models, ["a", "b"]);
  assert.equal(r.texts, 4);
  assert.equal(r.tokens, 8);
  assert.deepEqual([r.resamples, r.seed, r.confidence, r.alpha], [50, 0, 0.95, 0.05]);
  assert.deepEqual([...r.perText.nTokens], [3, 4, 1, 0]);
});

test("pairStatistics computes KL and Δp means, token SEs and percentiles as a float64 reference does", () => {
  const r = pairStatistics(["a", "b"], CORPUS, { resamples: 50 });
  const kl = flat((d) => d.kl!);
  const lp1 = flat((d) => d.logprob1);
  const lp2 = flat((d) => d.logprob2);
  const dp = lp1.map((v, i) => Math.exp(lp2[i]) - Math.exp(v));
  const n = kl.length;
  close(r.kl!.estimate, mean(kl), "mean KL");
  close(r.kl!.tokenSe, Math.sqrt(variance(kl) / n), "KL token SE");
  close(r.deltaP.estimate, mean(dp), "mean Δp");
  close(r.deltaP.tokenSe, Math.sqrt(variance(dp) / n), "Δp token SE");
  assert.deepEqual(
    r.kl!.percentiles.map((x) => x.p),
    [...PERCENTILES],
  );
  for (const { p, value } of r.kl!.percentiles) close(value, quantile(kl, p), `KL percentile ${p}`);
  for (const { p, value } of r.deltaP.percentiles) close(value, quantile(dp, p), `Δp percentile ${p}`);
  assert.equal(r.kl!.percentiles[0].value, 1);
  assert.equal(r.kl!.percentiles[10].value, 0.0625);
  // RMS Δp and its delta-method token SE, se(m)/(2√m) with m = mean(Δp²).
  const dp2 = dp.map((v) => v * v);
  close(r.deltaP.rms.estimate, Math.sqrt(mean(dp2)), "RMS Δp");
  close(r.deltaP.rms.tokenSe, Math.sqrt(variance(dp2) / n) / (2 * Math.sqrt(mean(dp2))), "RMS Δp token SE");
});

test("pairStatistics gives ln(PPL₂/PPL₁) the paired SE var(a) + var(b) − 2cov(a, b)", () => {
  const r = pairStatistics(["a", "b"], CORPUS, { resamples: 50 });
  const a = flat((d) => d.logprob1).map((v) => -v);
  const b = flat((d) => d.logprob2).map((v) => -v);
  const n = a.length;
  close(r.lnPplRatio.estimate, mean(b) - mean(a), "ln PPL ratio");
  close(r.lnPplRatio.tokenSe, Math.sqrt((variance(a) + variance(b) - 2 * covariance(a, b)) / n), "paired SE");
  close(r.pplRatio.estimate, Math.exp(mean(b) - mean(a)), "PPL ratio");
  close(r.pplRatio.low, Math.exp(r.lnPplRatio.low), "PPL ratio low");
  close(r.pplRatio.high, Math.exp(r.lnPplRatio.high), "PPL ratio high");
  close(r.perplexity[0].estimate, Math.exp(mean(a)), "PPL 1");
  close(r.perplexity[1].estimate, Math.exp(mean(b)), "PPL 2");
});

test("pairStatistics reports the same-top-1 fraction and McNemar's counts of top-1 correctness", () => {
  const r = pairStatistics(["a", "b"], CORPUS, { resamples: 50 });
  close(r.sameTop1.estimate, 5 / 8, "same top-1");
  close(r.sameTop1.tokenSe, Math.sqrt((0.625 * 0.375) / 8), "same top-1 SE");
  // Only model 1 right: (1, 3) in text 0 and (1, 5) in text 2; only model 2: (2, 1) twice.
  assert.deepEqual(r.mcnemar, { b: 2, c: 2, statistic: 0, p: 1, exact: true });
});

test("pairStatistics bootstraps every mean around its point estimate", () => {
  const r = pairStatistics(["a", "b"], CORPUS, { resamples: 200, seed: 3 });
  for (const [name, e] of Object.entries({ kl: r.kl!, dp: r.deltaP, rms: r.deltaP.rms, top1: r.sameTop1, ln: r.lnPplRatio })) {
    assert.ok(e.low <= e.estimate && e.estimate <= e.high, `${name}: ${e.low} ≤ ${e.estimate} ≤ ${e.high}`);
    assert.ok(e.se > 0, `${name} se`);
  }
  assert.ok(r.perplexity[0].low <= r.perplexity[0].estimate && r.perplexity[0].estimate <= r.perplexity[0].high);
});

test("pairStatistics tests each text's mean Δlogprob with a normal interval", () => {
  const r = pairStatistics(["a", "b"], CORPUS, { resamples: 10, confidence: 0.95 });
  const z = 1.9599639845400543;
  // Text 0: Δ = 0.25, −0.5, 1; mean 0.25, sd 0.75.  Text 1: Δ = 0.5, 0.25, 0.25, 0.25.
  const t = r.perText;
  close(t.meanLogprobDiff[0], 0.25, "mean 0");
  close(t.se[0], 0.75 / Math.sqrt(3), "se 0");
  close(t.low[0], 0.25 - z * t.se[0], "low 0", 1e-14);
  close(t.high[0], 0.25 + z * t.se[0], "high 0", 1e-14);
  close(t.p[0], twoSidedP(0.25 / t.se[0]), "p 0");
  close(t.meanLogprobDiff[1], 0.3125, "mean 1");
  close(t.se[1], 0.125 / 2, "se 1"); // squared deviations 0.0352 + 3 × 0.0039 = 0.0469 over 3: sd 0.125
  // One token: no SE, no test.  No tokens: no mean.
  assert.equal(t.meanLogprobDiff[2], -1);
  assert.ok([t.se[2], t.low[2], t.p[2], t.q[2]].every(Number.isNaN));
  assert.ok([t.meanLogprobDiff[3], t.se[3], t.p[3]].every(Number.isNaN));
  const q = benjaminiHochberg(t.p);
  for (let i = 0; i < 4; i++) assert.ok(Object.is(t.q[i], q[i]) || Math.abs(t.q[i] - q[i]) < 1e-15);
});

test("pairStatistics marks texts significantly better by BH q < alpha and counts them", () => {
  const random = seededRandom(4);
  const lp = (n: number) => Array.from({ length: n }, () => -0.5 - random() * 3);
  const shifted = (x: number[], by: number) => x.map((v) => v + by + (random() - 0.5) * 0.02);
  const ranks = (n: number) => new Array<number>(n).fill(1);
  const a = lp(20);
  const b = lp(20);
  const c = lp(20);
  const docs = [
    doc(a, shifted(a, 0.5), ranks(20), ranks(20), ranks(20)), // model 2 better
    doc(b, shifted(b, -0.5), ranks(20), ranks(20), ranks(20)), // model 1 better
    doc(
      c,
      c.map((v, i) => v + (i % 2 ? 0.25 : -0.25)),
      ranks(20),
      ranks(20),
      ranks(20),
    ), // mean exactly 0
    doc([-1], [-3], [1], [1], [1]), // one token: untestable
    doc([], [], [], [], []),
  ];
  const r = pairStatistics(["a", "b"], docs, { resamples: 20 });
  assert.deepEqual([...r.perText.better], [2, 1, 0, 0, 0]);
  assert.deepEqual(r.betterTexts, { model1: 1, model2: 1, neither: 3 });
  assert.ok(r.perText.q[0] < 1e-10 && r.perText.q[1] < 1e-10 && r.perText.q[2] > 0.5);
  // A stricter alpha than any q leaves every text undecided.
  assert.deepEqual(pairStatistics(["a", "b"], docs, { resamples: 20, alpha: 0 }).betterTexts, { model1: 0, model2: 0, neither: 5 });
});

/** texts × tokens of scores whose log-ratio is `offset(text) + noise`, from a seeded stream. */
function correlatedCorpus(texts: number, tokens: number, textSpread: number, seed: number): StatsDoc[] {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: texts }, () => {
    const offset = textSpread * gauss();
    const lp1 = Array.from({ length: tokens }, () => -1 - random());
    const lp2 = lp1.map((v) => v + offset + 0.1 * gauss());
    const ones = new Array<number>(tokens).fill(1);
    return doc(lp1, lp2, ones, ones, ones);
  });
}

test("pairStatistics widens intervals over the token SE when tokens within a text are correlated", () => {
  // A shared offset per text (sd 0.5) with little token noise (sd 0.1): 40 texts carry
  // about 40 tokens' worth of information, not 2,000.
  const r = pairStatistics(["a", "b"], correlatedCorpus(40, 50, 0.5, 1), { resamples: 400 });
  assert.ok(r.lnPplRatio.se > 3 * r.lnPplRatio.tokenSe, `bootstrap ${r.lnPplRatio.se} vs token ${r.lnPplRatio.tokenSe}`);
  assert.ok(r.lnPplRatio.high - r.lnPplRatio.low > 3 * 2 * 1.96 * r.lnPplRatio.tokenSe);
  assert.ok(r.deltaP.se > 2 * r.deltaP.tokenSe);
  // Without the shared offset the two agree (within the bootstrap's own noise, about 10% here).
  const iid = pairStatistics(["a", "b"], correlatedCorpus(100, 20, 0, 1), { resamples: 400 });
  assert.ok(Math.abs(iid.lnPplRatio.se / iid.lnPplRatio.tokenSe - 1) < 0.25, `${iid.lnPplRatio.se} vs ${iid.lnPplRatio.tokenSe}`);
});

test("pairStatistics(models, docs, {seed}) is reproducible", () => {
  const docs = correlatedCorpus(10, 5, 0.3, 2);
  assert.deepEqual(
    pairStatistics(["a", "b"], docs, { resamples: 30, seed: 5 }),
    pairStatistics(["a", "b"], docs, { resamples: 30, seed: 5 }),
  );
  assert.notEqual(
    pairStatistics(["a", "b"], docs, { resamples: 30, seed: 5 }).lnPplRatio.se,
    pairStatistics(["a", "b"], docs, { resamples: 30, seed: 6 }).lnPplRatio.se,
  );
});

test("pairStatistics reports no KL when any text lacks it", () => {
  const docs = [...CORPUS.slice(0, 2), doc([-1], [-2], [1], [5], [0])];
  const r = pairStatistics(["a", "b"], docs, { resamples: 20 });
  assert.equal(r.kl, null);
  assert.equal(r.tokens, 8);
  close(r.deltaP.estimate, pairStatistics(["a", "b"], CORPUS, { resamples: 20 }).deltaP.estimate, "Δp without KL");
});

test("pairStatistics of no texts is empty, not an error", () => {
  const r = pairStatistics(["a", "b"], [], { resamples: 10 });
  assert.equal(r.texts, 0);
  assert.equal(r.tokens, 0);
  assert.ok(Number.isNaN(r.lnPplRatio.estimate));
  assert.deepEqual(r.betterTexts, { model1: 0, model2: 0, neither: 0 });
  assert.equal(r.mcnemar.p, 1);
});

test("pairStatistics rejects texts whose arrays disagree in length, and bad options", () => {
  const bad = [CORPUS[0], { ...CORPUS[1], rank2: Int32Array.of(1, 2, 3) }];
  assert.throws(
    () => pairStatistics(["a", "b"], bad),
    (e) => isLmdiffError(e) && e.message === "lmdiff: text 1: rank2 has 3 entries but logprob1 has 4",
  );
  assert.throws(() => pairStatistics(["a", "b"], CORPUS, { alpha: 2 }), /invalid alpha 2/);
  assert.throws(() => pairStatistics(["a", "b"], CORPUS, { confidence: 95 }), /invalid confidence 95/);
});
