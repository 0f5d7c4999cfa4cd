import { twoSidedP } from "./normalCdf.js";

/**
 * The mean of values, its standard error sd/√n (n − 1 in the sd; NaN for
 * fewer than two values) and the two-sided p-value of "the mean is 0" by
 * the normal approximation, z = mean/SE.  Two passes over the values, so
 * that the variance does not come from subtracting large sums.  With no
 * spread at all, a zero mean is no evidence (p = 1) and a non-zero one is
 * conclusive (p = 0).
 *
 * Used per text for the mean log-probability difference, where the tokens
 * of a text are treated as independent: the SE is then optimistic for
 * texts with strongly correlated tokens, which is why corpus-level
 * intervals come from a bootstrap over texts instead (see pairStatistics).
 */
export function meanTest(values: ArrayLike<number>): { mean: number; se: number; p: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, se: NaN, p: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const se = n >= 2 ? Math.sqrt(ss / (n - 1) / n) : NaN;
  const p = Number.isNaN(se) ? NaN : se === 0 ? (mean === 0 ? 1 : 0) : twoSidedP(mean / se);
  return { mean, se, p };
}
