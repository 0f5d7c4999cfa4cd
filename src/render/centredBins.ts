import { binValues, type Bins } from "./binValues.js";

/** Bins as binBars draws them: `lo` is the first bin's left edge and `width` each bin's width. */
export interface CentredBins extends Bins {
  width: number;
}

/**
 * A histogram's bins: `nBins` of equal width over [lo, hi]; or, when every
 * value is `only` (see singleValue) and a bin of that width centred on it
 * fits inside [lo, hi], that one bin.  So two models that agree everywhere
 * get one bar centred on their common value rather than one that starts
 * at it.  Pass `only` null to always bin over [lo, hi].
 */
export function centredBins(values: ArrayLike<number>, lo: number, hi: number, nBins: number, only: number | null): CentredBins {
  const width = (hi - lo) / nBins;
  const centred = only !== null && only - width / 2 >= lo && only + width / 2 <= hi;
  const bins = centred ? binValues(values, only - width / 2, only + width / 2, 1) : binValues(values, lo, hi, nBins);
  return { ...bins, width };
}
