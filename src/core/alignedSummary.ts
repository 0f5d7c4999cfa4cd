import type { AlignedData } from "./AlignedData.js";
import { alignedMeasure } from "./alignedMeasure.js";
import { MEASURE_INFO, winner, type Measure } from "./measures.js";

/** How a model's numbers are called: bits for a causal model, pseudo-bits for a masked one. */
export function bitsWord(scoring: "causal" | "masked"): string {
  return scoring === "masked" ? "pseudo-bits (PLL)" : "bits";
}

/** Characters each model does better on under a byte measure, and ties. */
export function charWins(data: AlignedData, name: Measure = "bits_diff"): { model1: number; model2: number; tie: number } {
  const c = { model1: 0, model2: 0, tie: 0 };
  for (const x of alignedMeasure(data, name)) {
    const w = winner(name, x);
    if (w === 1) c.model1++;
    else if (w === 2) c.model2++;
    else c.tie++;
  }
  return c;
}

/**
 * A one-paragraph summary of one text read by two tokenizers: models,
 * bytes and tokens, each model's bits per byte, and on how many characters
 * each needs fewer bits.  A masked model's numbers are pseudo-log-
 * likelihoods and are called so.
 */
export function alignedSummary(data: AlignedData, measure: Measure = "bits_diff"): string {
  const [a, b] = data.models;
  const [s1, s2] = data.sides;
  const bpb1 = data.total1 / data.bytes;
  const bpb2 = data.total2 / data.bytes;
  const w = charWins(data, measure);
  const v = alignedMeasure(data, measure);
  const mean = v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  return (
    `lmdiff: ${a.name} (model 1) vs ${b.name} (model 2) on one text of ${data.bytes} bytes, ${data.chars.length} characters, ` +
    `${s1.tokens.length} and ${s2.tokens.length} tokens (different tokenizers: compared on bytes). ` +
    `${bpb1.toFixed(3)} vs ${bpb2.toFixed(3)} ${s1.scoring === s2.scoring ? bitsWord(s1.scoring) : `${bitsWord(s1.scoring)} vs ${bitsWord(s2.scoring)}`} per byte; ` +
    `mean ${MEASURE_INFO[measure].label} per character ${mean.toFixed(4)}` +
    (MEASURE_INFO[measure].model1BetterWhen === "none"
      ? "."
      : `; model 1 needs fewer bits on ${w.model1} characters, model 2 on ${w.model2}, ${w.tie} tie.`)
  );
}
