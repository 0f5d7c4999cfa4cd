import { benjaminiHochberg } from "./benjaminiHochberg.js";
import { bootstrapOptions, bootstrapReplicates, summarizeReplicates, type BootstrapInterval, type BootstrapOptions } from "./bootstrap.js";
import { LmdiffError } from "./LmdiffError.js";
import { mcnemar, type McNemarResult } from "./mcnemar.js";
import { meanTest } from "./meanTest.js";
import { normalQuantile } from "./normalCdf.js";
import { maybeNumber } from "./options.js";

/**
 * Corpus-level statistics of two models scored on the same texts, in the
 * spirit of llama.cpp's `perplexity --kl-divergence` report (mean KL with
 * percentiles, Δp, same-top-1 rate, ln(PPL ratio) with the paired standard
 * error), with one addition: every estimate also gets a bootstrap-over-texts
 * standard error and percentile interval.  The tokens of one text are not
 * independent (a text that one model finds hard is hard at most of its
 * tokens), so llama.cpp's token-level standard errors, which assume they
 * are, understate the uncertainty; resampling whole texts does not.
 */

/** The per-token scores of one text under both models. */
export interface StatsDoc {
  /** log p of the actual token under model 1 (nats), per token. */
  logprob1: Float32Array;
  /** log p of the actual token under model 2 (nats), per token. */
  logprob2: Float32Array;
  /** Rank of the actual token under model 1; 1 = the model's top prediction. */
  rank1: Int32Array;
  /** Rank of the actual token under model 2. */
  rank2: Int32Array;
  /** 1 when both models' most likely tokens are the same, else 0. */
  top1Agree: ArrayLike<number>;
  /** KL(P₁‖P₂) per token in nats, when available (joint scoring). */
  kl?: Float32Array;
}

export interface StatsOptions extends BootstrapOptions {
  /** False discovery rate at which a text counts as significantly better for one model (default 0.05). */
  alpha?: number;
}

/** A token-weighted mean with both kinds of standard error. */
export interface Estimate extends BootstrapInterval {
  /** Standard error treating tokens as independent, sd/√N, as llama.cpp reports it. */
  tokenSe: number;
}

/** An estimate with an interval but no standard error (a transformed one). */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** One percentile of a per-token quantity: p in [0, 1], R-7 over all tokens. */
export interface Percentile {
  p: number;
  value: number;
}

/** The percentiles llama.cpp lists, from the maximum down to the minimum. */
export const PERCENTILES: readonly number[] = [1, 0.999, 0.99, 0.95, 0.9, 0.5, 0.1, 0.05, 0.01, 0.001, 0];

/** A mean and the distribution over tokens of the quantity it averages. */
export interface DistributionEstimate extends Estimate {
  /** At PERCENTILES, in that order. */
  percentiles: Percentile[];
}

/** Per-text tests of mean Δlogprob = mean(logprob₂ − logprob₁); arrays indexed by text. */
export interface PerTextStats {
  nTokens: Int32Array;
  /** mean(logprob₂ − logprob₁): positive where model 2 predicts the text better. NaN for an empty text. */
  meanLogprobDiff: Float64Array;
  /** sd/√n (n − 1 in the sd); NaN for n < 2. */
  se: Float64Array;
  /** mean − z·se, z = Φ⁻¹((1 + confidence)/2). */
  low: Float64Array;
  /** mean + z·se. */
  high: Float64Array;
  /** Two-sided p-value of mean/se against a standard normal. */
  p: Float64Array;
  /** Benjamini–Hochberg q-value across texts. */
  q: Float64Array;
  /** 2 where model 2 is significantly better (q < alpha, mean > 0), 1 where model 1 is, else 0. */
  better: Int8Array;
}

export interface PairStatsReport {
  models: [string, string];
  texts: number;
  tokens: number;
  resamples: number;
  seed: number;
  confidence: number;
  alpha: number;
  /** Mean KL(P₁‖P₂) in nats; null when any text lacks per-token KL (it needs a joint run). */
  kl: DistributionEstimate | null;
  /** Δp = p₂ − p₁ of the actual token (a probability, not a percentage), and its root mean square. */
  deltaP: DistributionEstimate & { rms: Estimate };
  /** Fraction of tokens whose top-1 predictions agree (a fraction in [0, 1]). */
  sameTop1: Estimate;
  /** mean(logprob₁ − logprob₂) = ln(PPL₂/PPL₁): positive where model 2 is worse. */
  lnPplRatio: Estimate;
  /** PPL₂/PPL₁ = exp(lnPplRatio), with the interval's ends exponentiated. */
  pplRatio: Interval;
  /** Each model's perplexity exp(mean −logprob), with bootstrap intervals. */
  perplexity: [Interval, Interval];
  /**
   * McNemar's test of top-1 correctness (rank = 1): b = tokens only model 1
   * gets right, c = tokens only model 2 does.  The test assumes independent
   * tokens, which they are not, so its p-value is optimistic (too small).
   */
  mcnemar: McNemarResult;
  perText: PerTextStats;
  /** How many texts are significantly better for each model (by perText.better). */
  betterTexts: { model1: number; model2: number; neither: number };
}

/** R-7 quantile of values sorted ascending (aggregate.ts's quantile sorts on every call). */
function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function percentiles(values: Float64Array): Percentile[] {
  const sorted = Float64Array.from(values).sort();
  return PERCENTILES.map((p) => ({ p, value: sortedQuantile(sorted, p) }));
}

function checkDocs(docs: readonly StatsDoc[]): void {
  docs.forEach((doc, d) => {
    const n = doc.logprob1.length;
    const others: [string, ArrayLike<number> | undefined][] = [
      ["logprob2", doc.logprob2],
      ["rank1", doc.rank1],
      ["rank2", doc.rank2],
      ["top1Agree", doc.top1Agree],
      ["kl", doc.kl],
    ];
    for (const [name, values] of others)
      if (values && values.length !== n)
        throw new LmdiffError(`text ${d}: ${name} has ${values.length} entries but logprob1 has ${n}`, "bad-input");
  });
}

/** exp of an interval's three numbers (exp is monotone, so percentile ends map to ends). */
function expInterval(e: BootstrapInterval): Interval {
  return { estimate: Math.exp(e.estimate), low: Math.exp(e.low), high: Math.exp(e.high) };
}

/**
 * The statistics report of two models on a corpus.  Means are
 * token-weighted (every token counts once, as in llama.cpp); their bootstrap
 * replicates are ratios of per-text sums to per-text token counts, drawn
 * once for the whole report (bootstrapReplicates), so all intervals come
 * from the same resamples.  Texts with no tokens count as texts but
 * contribute nothing.
 */
export function pairStatistics(models: [string, string], docs: readonly StatsDoc[], opts: StatsOptions = {}): PairStatsReport {
  const { resamples, seed, confidence } = bootstrapOptions(opts);
  const alpha = maybeNumber("alpha", opts.alpha, 0.05, 0, 1);
  checkDocs(docs);
  const texts = docs.length;
  const hasKl = docs.every((doc) => doc.kl !== undefined);

  // Per-text sums, the numerators of the bootstrap, and token counts, its denominator.
  const nTokens = new Int32Array(texts);
  const sumKl = new Float64Array(texts);
  const sumDp = new Float64Array(texts);
  const sumDp2 = new Float64Array(texts);
  const sumAgree = new Float64Array(texts);
  const sumLnRatio = new Float64Array(texts);
  const sumNll1 = new Float64Array(texts);
  const sumNll2 = new Float64Array(texts);
  let tokens = 0;
  for (const doc of docs) tokens += doc.logprob1.length;

  // Per-token values over the whole corpus, for percentiles and token-level SEs.
  const kl = new Float64Array(hasKl ? tokens : 0);
  const dp = new Float64Array(tokens);
  const dp2 = new Float64Array(tokens);
  const lnRatio = new Float64Array(tokens);
  let agree = 0;
  let b = 0;
  let c = 0;

  const perText: PerTextStats = {
    nTokens,
    meanLogprobDiff: new Float64Array(texts),
    se: new Float64Array(texts),
    low: new Float64Array(texts),
    high: new Float64Array(texts),
    p: new Float64Array(texts),
    q: new Float64Array(texts),
    better: new Int8Array(texts),
  };
  const z = normalQuantile((1 + confidence) / 2);

  let t = 0;
  docs.forEach((doc, d) => {
    const n = doc.logprob1.length;
    nTokens[d] = n;
    const start = t;
    for (let i = 0; i < n; i++, t++) {
      const lp1 = doc.logprob1[i];
      const lp2 = doc.logprob2[i];
      const delta = Math.exp(lp2) - Math.exp(lp1);
      dp[t] = delta;
      dp2[t] = delta * delta;
      lnRatio[t] = lp1 - lp2;
      sumDp[d] += delta;
      sumDp2[d] += delta * delta;
      sumLnRatio[d] += lp1 - lp2;
      sumNll1[d] -= lp1;
      sumNll2[d] -= lp2;
      if (doc.top1Agree[i] === 1) sumAgree[d]++;
      if (hasKl) {
        kl[t] = doc.kl![i];
        sumKl[d] += kl[t];
      }
      const right1 = doc.rank1[i] === 1;
      const right2 = doc.rank2[i] === 1;
      if (right1 && !right2) b++;
      else if (right2 && !right1) c++;
    }
    agree += sumAgree[d];
    // Per-text Δlogprob = logprob₂ − logprob₁ = −lnRatio, over this text's tokens.
    const test = meanTest(lnRatio.subarray(start, t));
    const mean = -test.mean;
    perText.meanLogprobDiff[d] = mean;
    perText.se[d] = test.se;
    perText.low[d] = mean - z * test.se;
    perText.high[d] = mean + z * test.se;
    perText.p[d] = test.p;
  });
  perText.q.set(benjaminiHochberg(perText.p));
  const betterTexts = { model1: 0, model2: 0, neither: 0 };
  for (let d = 0; d < texts; d++) {
    const mean = perText.meanLogprobDiff[d];
    const significant = perText.q[d] < alpha;
    perText.better[d] = significant && mean > 0 ? 2 : significant && mean < 0 ? 1 : 0;
    if (perText.better[d] === 2) betterTexts.model2++;
    else if (perText.better[d] === 1) betterTexts.model1++;
    else betterTexts.neither++;
  }

  // One set of draws for every statistic of the report.
  const den = Float64Array.from(nTokens);
  const nums = [sumDp, sumDp2, sumAgree, sumLnRatio, sumNll1, sumNll2, ...(hasKl ? [sumKl] : [])];
  const [repDp, repDp2, repAgree, repLnRatio, repNll1, repNll2, repKl] = bootstrapReplicates(nums, den, { resamples, seed });
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const boot = (num: Float64Array, reps: Float64Array) => summarizeReplicates(tokens === 0 ? NaN : sum(num) / tokens, reps, confidence);

  const estimate = (values: Float64Array, num: Float64Array, reps: Float64Array): Estimate => ({
    ...boot(num, reps),
    tokenSe: meanTest(values).se,
  });

  // RMS Δp = √mean(Δp²).  Its replicates are √ of the mean-square replicates
  // (same draws); its token SE follows by the delta method, se(√m) =
  // se(m)/(2√m), as llama.cpp computes it.
  const ms = boot(sumDp2, repDp2);
  const rmsValue = Math.sqrt(ms.estimate);
  const rms: Estimate = {
    ...summarizeReplicates(rmsValue, repDp2.map(Math.sqrt), confidence),
    tokenSe: meanTest(dp2).se / (2 * rmsValue),
  };

  // The fraction of agreeing tokens is a mean of 0/1 values: sd = √(p(1 − p)).
  const agreeFraction = tokens === 0 ? NaN : agree / tokens;
  const sameTop1: Estimate = { ...boot(sumAgree, repAgree), tokenSe: Math.sqrt((agreeFraction * (1 - agreeFraction)) / tokens) };

  // ln(PPL₂/PPL₁) = mean(b − a), with a = −logprob₁ and b = −logprob₂ the
  // per-token losses.  llama.cpp gets its SE from var(a − b) = var(a) +
  // var(b) − 2 cov(a, b), the paired form that credits the strong per-token
  // correlation of the two models' losses; the sample variance of the
  // differences is algebraically the same quantity, and computing it
  // directly (two passes) avoids the cancellation of subtracting large sums.
  const lnPplRatio = estimate(lnRatio, sumLnRatio, repLnRatio);

  return {
    models: [models[0], models[1]],
    texts,
    tokens,
    resamples,
    seed,
    confidence,
    alpha,
    kl: hasKl ? { ...estimate(kl, sumKl, repKl), percentiles: percentiles(kl) } : null,
    deltaP: { ...estimate(dp, sumDp, repDp), percentiles: percentiles(dp), rms },
    sameTop1,
    lnPplRatio,
    pplRatio: expInterval(lnPplRatio),
    perplexity: [expInterval(boot(sumNll1, repNll1)), expInterval(boot(sumNll2, repNll2))],
    mcnemar: mcnemar(b, c),
    perText,
    betterTexts,
  };
}
