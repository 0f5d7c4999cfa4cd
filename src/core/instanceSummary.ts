import type { InstanceData } from "./InstanceData.js";
import { instanceMeasure } from "./instanceMeasure.js";
import { MEASURE_INFO, winner, type Measure } from "./measures.js";

/** How many tokens each model does better on under a measure, and ties. */
export interface TokenWins {
  model1: number;
  model2: number;
  tie: number;
}

export { instanceMeasure };

/** Tokens each model wins under a measure, and ties. */
export function tokenWins(data: InstanceData, name: Measure = "prob_diff"): TokenWins {
  const c = { model1: 0, model2: 0, tie: 0 };
  for (const x of instanceMeasure(data, name)) {
    const w = winner(name, x);
    if (w === 1) c.model1++;
    else if (w === 2) c.model2++;
    else c.tie++;
  }
  return c;
}

/**
 * A one-paragraph summary of one text: models, length, the mean of the
 * measure, who wins more tokens, and both perplexities.  It is the text a
 * notebook prints for a comparison and the alt text of its picture, so it
 * is computed from the plain data alone.
 */
export function instanceSummary(data: InstanceData, measure: Measure = "prob_diff"): string {
  const [a, b] = data.models;
  const n = data.tokens.length;
  const v = instanceMeasure(data, measure);
  const mean = v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  const w = tokenWins(data, measure);
  const mean1 = data.m1.logprob.reduce((s, x) => s + x, 0) / Math.max(1, n);
  const mean2 = data.m2.logprob.reduce((s, x) => s + x, 0) / Math.max(1, n);
  return (
    `lmdiff: ${a.name} (model 1) vs ${b.name} (model 2) on one text of ${n} tokens. ` +
    `Mean ${MEASURE_INFO[measure].label} ${mean.toFixed(4)}; ` +
    (MEASURE_INFO[measure].model1BetterWhen === "none"
      ? ""
      : `model 1 does better on ${w.model1} tokens, model 2 on ${w.model2}, ${w.tie} tie; `) +
    `perplexity ${Math.exp(-mean1).toFixed(1)} vs ${Math.exp(-mean2).toFixed(1)}.`
  );
}
