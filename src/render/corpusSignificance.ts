import type { CorpusData } from "../core/CorpusData.js";

/** The q-value under which a text counts as significantly better for one model (a false discovery rate of 5%). */
export const SIGNIFICANCE_LEVEL = 0.05;

/**
 * The significance columns of a corpus comparison, for each text: the mean
 * of its per-token log-probability differences (log p₂ − log p₁), that
 * mean's standard error, and the Benjamini–Hochberg q-value (Benjamini &
 * Hochberg, 1995) over the corpus of the two-sided test that the mean is
 * not 0.  Row i is text `index[i]` of the corpus, as in CorpusData.
 */
export interface CorpusSignificance {
  mean: Float64Array;
  se: Float64Array;
  q: Float64Array;
}

/**
 * The corpus's significance columns (logprob_diff_mean, logprob_diff_se and
 * logprob_diff_q), or null when it lacks any of them: comparisons made
 * before lmdiff computed them have none, and the views then rank by the
 * raw aggregate and say so.
 */
export function corpusSignificance(data: CorpusData): CorpusSignificance | null {
  const { logprob_diff_mean: mean, logprob_diff_se: se, logprob_diff_q: q } = data.values;
  return mean && se && q ? { mean, se, q } : null;
}

/**
 * Which model a text's mean log-probability difference favours: 1 when it
 * is negative (model 1 gives the text's tokens higher probabilities), 2
 * when positive, 0 when it is 0 or missing.
 */
export function betterModel(mean: number): 0 | 1 | 2 {
  return mean < 0 ? 1 : mean > 0 ? 2 : 0;
}

/** betterModel of row i when its q-value is under SIGNIFICANCE_LEVEL, else 0. */
export function significantModel(s: CorpusSignificance, i: number): 0 | 1 | 2 {
  return s.q[i] < SIGNIFICANCE_LEVEL ? betterModel(s.mean[i]) : 0;
}
