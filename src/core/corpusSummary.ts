import type { Aggregation } from "./aggregate.js";
import { MEASURE_INFO, type CorpusMeasure } from "./measures.js";

/** What a corpus summary is made from: plain values, so that the API, the CLI and a notebook view print the same paragraph. */
export interface CorpusSummaryInput {
  /** Names of model 1 and model 2. */
  models: readonly [string, string];
  dataset: string;
  /** One value of measure × aggregation per text (NaN for a text without one). */
  values: ArrayLike<number>;
  measure: CorpusMeasure;
  agg: Aggregation;
  /** Sentences (without the final full stop) a reader of the numbers should know. */
  notes?: readonly string[];
}

/**
 * A one-paragraph summary of a corpus comparison: models, corpus size, the
 * measure's average over the texts and who wins more texts, followed by the
 * notes.  Texts without a value count in the size but not in the average.
 */
export function corpusSummary(s: CorpusSummaryInput): string {
  let sum = 0;
  let n = 0;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < s.values.length; i++) {
    const x = s.values[i];
    if (Number.isNaN(x)) continue;
    sum += x;
    n++;
    if (x > 0) pos++;
    else if (x < 0) neg++;
  }
  const [m1, m2] = s.models;
  const info = MEASURE_INFO[s.measure];
  const m1wins = info.model1BetterWhen === "positive" ? pos : neg;
  const m2wins = info.model1BetterWhen === "positive" ? neg : pos;
  return (
    `lmdiff: ${m1} (model 1) vs ${m2} (model 2) on ${s.dataset}, ${s.values.length} texts. ` +
    `${s.agg} ${info.label} per text: average ${(sum / Math.max(1, n)).toFixed(4)}` +
    (info.model1BetterWhen === "none" ? "." : `; model 1 does better on ${m1wins} texts, model 2 on ${m2wins}.`) +
    (s.notes ?? []).map((note) => ` Note: ${note}.`).join("")
  );
}
