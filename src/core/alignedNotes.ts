import type { ModelLabel } from "./InstanceData.js";

/** What a comparison of two tokenizers has to say about one of its models (or its alignment). */
export interface AlignedFacts {
  models: readonly [ModelLabel, ModelLabel];
  scoring: readonly ["causal" | "masked", "causal" | "masked"];
  /** Tokens (over the text or corpus) whose place in the text was a best guess, per model. */
  approximate: readonly [number, number];
}

/**
 * The notes of a comparison of two tokenizers, one sentence each without
 * the final full stop: that it is on bytes and how bits were spread, that
 * a masked model's numbers are pseudo-log-likelihoods, and how many tokens
 * could not be placed in the text exactly.
 */
export function alignedNotes(
  f: AlignedFacts | { models: readonly [ModelLabel, ModelLabel]; sides: readonly { scoring: "causal" | "masked"; approximate: number }[] },
): string[] {
  const facts: AlignedFacts =
    "sides" in f
      ? {
          models: f.models,
          scoring: [f.sides[0].scoring, f.sides[1].scoring],
          approximate: [f.sides[0].approximate, f.sides[1].approximate],
        }
      : f;
  const notes = [
    `${facts.models[0].name} and ${facts.models[1].name} have different tokenizers, so they are compared on the text's bytes: each token's surprisal is spread evenly over the bytes it covers, and bits per byte are over the text's UTF-8 bytes`,
  ];
  facts.scoring.forEach((s, i) => {
    if (s === "masked")
      notes.push(
        `model ${i + 1} (${facts.models[i].name}) is a masked model: its bits are pseudo-log-likelihoods (each token masked in turn, the rest of the text visible), not a probability of the text, so its bits per byte are not comparable to a causal model's as compression`,
      );
  });
  facts.approximate.forEach((n, i) => {
    if (n > 0)
      notes.push(
        `${n} token${n === 1 ? "" : "s"} of model ${i + 1} (${facts.models[i].name}) could not be found in the text where expected; their bits went to the nearest characters`,
      );
  });
  return notes;
}
