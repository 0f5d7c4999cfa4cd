import { chiSquare1Sf } from "./normalCdf.js";

/** McNemar's test of two paired classifiers from their discordant counts. */
export interface McNemarResult {
  /** Pairs where model 1 is right and model 2 wrong. */
  b: number;
  /** Pairs where model 2 is right and model 1 wrong. */
  c: number;
  /**
   * The continuity-corrected statistic max(0, |b − c| − 1)² / (b + c)
   * (Edwards 1948), 0 when b + c = 0; reported in both branches, but the
   * p-value comes from it only when `exact` is false.
   */
  statistic: number;
  /** Two-sided p-value. */
  p: number;
  /** True when p is the exact binomial one (b + c < 25). */
  exact: boolean;
}

/** Below this many discordant pairs the exact binomial test is used, as most textbooks advise. */
const EXACT_BELOW = 25;

/**
 * McNemar's test (Psychometrika 12 (1947) 153–157): under the null hypothesis
 * that both models are right equally often, each discordant pair favours
 * either with probability 1/2, so b ~ Binomial(b + c, 1/2).
 *
 * For b + c < 25 the p-value is the exact two-sided binomial one,
 * min(1, 2·P(X ≤ min(b, c))), which equals R's binom.test(b, b + c) because
 * Binomial(n, 1/2) is symmetric; the sum is exact in doubles since C(n, i)
 * < 2^24 and the division is by a power of two.  From 25 on it is the
 * χ²₁ survival of the continuity-corrected statistic.  The correction is
 * clamped at zero (R's mcnemar.test does not clamp, and so gives b = c a
 * statistic of 1/(b + c) instead of 0).
 */
export function mcnemar(b: number, c: number): McNemarResult {
  for (const [name, v] of [
    ["b", b],
    ["c", c],
  ] as const)
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`mcnemar: ${name} must be a count (a non-negative integer), got ${v}`);
  const n = b + c;
  const statistic = n === 0 ? 0 : Math.max(0, Math.abs(b - c) - 1) ** 2 / n;
  if (n === 0) return { b, c, statistic, p: 1, exact: true };
  if (n < EXACT_BELOW) {
    const k = Math.min(b, c);
    let term = 1; // C(n, 0)
    let sum = 1;
    for (let i = 1; i <= k; i++) {
      term = (term * (n - i + 1)) / i;
      sum += term;
    }
    return { b, c, statistic, p: Math.min(1, (2 * sum) / 2 ** n), exact: true };
  }
  return { b, c, statistic, p: chiSquare1Sf(statistic), exact: false };
}
