/**
 * The value every finite entry of `values` has, or null when they differ or
 * there is none.  Two identical models give a text (or a corpus) whose
 * difference measures are all 0; a histogram then draws one bar centred on
 * that value and says so, instead of a bar that starts at it.
 */
export function singleValue(values: ArrayLike<number>): number | null {
  let v: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    if (v === null) v = x;
    else if (x !== v) return null;
  }
  return v === null ? null : v === 0 ? 0 : v; // -0 reads as 0
}
