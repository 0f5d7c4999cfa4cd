/**
 * Per-document aggregations of a token measure, as in the LMdiff global
 * view: mean, median, upper quartile, min and max.
 *
 * Quantiles use linear interpolation between order statistics (the R-7 /
 * numpy "linear" definition), so results match numpy.quantile, pandas and
 * d3.quantile exactly.
 */
export const AGGREGATIONS = ["mean", "median", "upper_quartile", "min", "max"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Quantile p of values (not modified), R-7 definition; NaN for empty input. */
export function quantile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  return sortedQuantile(Float64Array.from(values).sort(), p);
}

/** Quantile p of values sorted ascending, R-7 definition; the array must not be empty. */
function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** One aggregation of all of `values` (pass a subarray for a range); NaN when empty. */
export function aggregate(agg: Aggregation, values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  switch (agg) {
    case "mean": {
      let s = 0;
      for (let i = 0; i < n; i++) s += values[i];
      return s / n;
    }
    case "median":
      return quantile(values, 0.5);
    case "upper_quartile":
      return quantile(values, 0.75);
    case "min": {
      let m = Infinity;
      for (let i = 0; i < n; i++) if (values[i] < m) m = values[i];
      return m;
    }
    case "max": {
      let m = -Infinity;
      for (let i = 0; i < n; i++) if (values[i] > m) m = values[i];
      return m;
    }
  }
}

/** All aggregations of one array at once, sorting only once. */
export function aggregateAll(values: ArrayLike<number>): Record<Aggregation, number> {
  const n = values.length;
  if (n === 0) return { mean: NaN, median: NaN, upper_quartile: NaN, min: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  let s = 0;
  for (let i = 0; i < n; i++) s += sorted[i];
  return {
    mean: s / n,
    median: sortedQuantile(sorted, 0.5),
    upper_quartile: sortedQuantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[n - 1],
  };
}
