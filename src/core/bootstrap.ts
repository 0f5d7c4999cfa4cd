import { quantile } from "./aggregate.js";
import { LmdiffError } from "./LmdiffError.js";
import { maybeInt } from "./options.js";
import { seededRandom } from "./seededRandom.js";

/**
 * The nonparametric bootstrap over texts (Efron & Tibshirani, An
 * Introduction to the Bootstrap, 1993, ch. 6 and 13) for ratio-of-sums
 * estimators θ = Σᵢ numᵢ / Σᵢ denᵢ, where i runs over texts: a
 * token-weighted mean is one (num = the text's sum of a token measure, den =
 * its token count).  Resampling whole texts, not tokens, keeps the
 * correlation between the tokens of a text inside each draw, so the spread
 * of the replicates reflects it; a token-level standard error that treats
 * tokens as independent is too small whenever tokens within a text are
 * alike.
 */

export interface BootstrapOptions {
  /** Number of resamples B (default 1000). */
  resamples?: number;
  /** Seed of the generator that draws the texts (default 0); the same seed gives the same result. */
  seed?: number;
  /** Coverage of the percentile interval, strictly between 0 and 1 (default 0.95). */
  confidence?: number;
}

/** A point estimate with its bootstrap standard error and percentile interval. */
export interface BootstrapInterval {
  /** The estimate on the full data, Σnum / Σden. */
  estimate: number;
  /** The standard deviation of the replicates (n − 1 denominator). */
  se: number;
  /** The (1 − confidence)/2 quantile of the replicates. */
  low: number;
  /** The (1 + confidence)/2 quantile of the replicates. */
  high: number;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;

/** Bootstrap options with defaults filled in, each checked with a message that names it. */
export function bootstrapOptions(opts: BootstrapOptions = {}): Required<BootstrapOptions> {
  const resamples = maybeInt("resamples", opts.resamples, DEFAULT_RESAMPLES, 1);
  const seed = maybeInt("seed", opts.seed, 0, 0, 2 ** 32 - 1);
  const confidence = opts.confidence ?? DEFAULT_CONFIDENCE;
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1))
    throw new LmdiffError(`invalid confidence ${JSON.stringify(confidence)} (expected a number between 0 and 1, exclusive)`, "bad-option");
  return { resamples, seed, confidence };
}

/**
 * The bootstrap replicates of Σnum / Σden for several numerators at once:
 * each of the B resamples draws n texts with replacement (n = den.length)
 * and every numerator is summed over the same draws, so that statistics of
 * one report share one set of draws (and their replicates may be combined
 * or transformed, e.g. √ of a mean square).  Returns one Float64Array of
 * length B per numerator.  O(B · n · k) time for k numerators.
 *
 * A resample whose denominator sums to zero (every drawn text empty) has no
 * estimate: its replicate is NaN, and summarizeReplicates leaves it out.
 */
export function bootstrapReplicates(
  nums: readonly ArrayLike<number>[],
  den: ArrayLike<number>,
  opts: BootstrapOptions = {},
): Float64Array[] {
  const { resamples, seed } = bootstrapOptions(opts);
  const n = den.length;
  const k = nums.length;
  for (const [j, num] of nums.entries())
    if (num.length !== n) throw new RangeError(`bootstrap: numerator ${j} has ${num.length} entries, the denominator ${n}`);
  // Text-major layout: the k numerators of one drawn text are adjacent.
  const packed = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) packed[i * k + j] = nums[j][i];
  const out = nums.map(() => new Float64Array(resamples).fill(NaN));
  if (n === 0) return out;
  const random = seededRandom(seed);
  const sums = new Float64Array(k);
  for (let r = 0; r < resamples; r++) {
    sums.fill(0);
    let d = 0;
    for (let draw = 0; draw < n; draw++) {
      const i = Math.floor(random() * n);
      d += den[i];
      const base = i * k;
      for (let j = 0; j < k; j++) sums[j] += packed[base + j];
    }
    for (let j = 0; j < k; j++) out[j][r] = sums[j] / d;
  }
  return out;
}

/**
 * Standard error and percentile interval of an estimate from its bootstrap
 * replicates.  The percentile interval (Efron & Tibshirani §13.3) takes the
 * R-7 quantiles (1 ∓ confidence)/2 of the replicates; it follows monotone
 * transforms, so exp or √ of its ends is the interval of exp or √ of the
 * estimate.  Non-finite replicates are left out; with fewer than two left,
 * se is NaN (and with none, so are low and high).
 */
export function summarizeReplicates(estimate: number, replicates: ArrayLike<number>, confidence = DEFAULT_CONFIDENCE): BootstrapInterval {
  const kept = Float64Array.from(replicates).filter(Number.isFinite);
  const m = kept.length;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += kept[i];
  mean /= m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (kept[i] - mean) ** 2;
  return {
    estimate,
    se: m >= 2 ? Math.sqrt(ss / (m - 1)) : NaN,
    low: quantile(kept, (1 - confidence) / 2),
    high: quantile(kept, (1 + confidence) / 2),
  };
}

/** Σnum / Σden, or NaN when the denominator sums to zero. */
function ratioOfSums(num: ArrayLike<number>, den: ArrayLike<number>): number {
  let a = 0;
  let b = 0;
  for (let i = 0; i < den.length; i++) {
    a += num[i];
    b += den[i];
  }
  return b === 0 ? NaN : a / b;
}

/**
 * Bootstrap estimates of Σnum / Σden for each numerator, all from the same
 * draws (one set of draws per report): one result per numerator.
 */
export function bootstrapRatios(
  nums: readonly ArrayLike<number>[],
  den: ArrayLike<number>,
  opts: BootstrapOptions = {},
): BootstrapInterval[] {
  const { confidence } = bootstrapOptions(opts);
  const replicates = bootstrapReplicates(nums, den, opts);
  return nums.map((num, j) => summarizeReplicates(ratioOfSums(num, den), replicates[j], confidence));
}

/** The bootstrap estimate of one ratio of sums Σnum / Σden over texts. */
export function bootstrapRatio(num: ArrayLike<number>, den: ArrayLike<number>, opts: BootstrapOptions = {}): BootstrapInterval {
  return bootstrapRatios([num], den, opts)[0];
}
