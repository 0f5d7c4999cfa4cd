/**
 * The per-token difference measures of LMdiff (Strobelt et al., 2021, §3),
 * all defined as model 2 minus model 1, plus the single-model quantities
 * that the instance view can colour by.
 *
 * `MEASURE_INFO[m].model1BetterWhen` says which sign means "model 1 did
 * better", for the colour scales and `winner`: for a probability, model 1
 * is better when p₂ − p₁ < 0; for a rank, when r₂ − r₁ > 0.  Measures
 * without a winner (top-k difference, entropy difference and the
 * single-model measures) are "none".
 */
export const DIFF_MEASURES = ["prob_diff", "logprob_diff", "rank_diff", "clamped_rank_diff", "topk_diff", "entropy_diff"] as const;
export type DiffMeasure = (typeof DIFF_MEASURES)[number];

export const SINGLE_MEASURES = ["prob_1", "prob_2", "rank_1", "rank_2"] as const;
export type SingleMeasure = (typeof SINGLE_MEASURES)[number];

export const MEASURES = [...DIFF_MEASURES, ...SINGLE_MEASURES] as const;
export type Measure = DiffMeasure | SingleMeasure;

export interface MeasureInfo {
  /** Short label for pickers and axes. */
  label: string;
  /** One sentence for tooltips and figure captions. */
  description: string;
  /** Which sign means model 1 did better; "none" for measures without a winner. */
  model1BetterWhen: "negative" | "positive" | "none";
  /** "diverging" measures are centred on 0; "sequential" ones start at 0 or 1. */
  kind: "diverging" | "sequential";
  /** For single-model measures, which model. */
  model?: 1 | 2;
  /** Whether larger raw values are better for the model (single-model measures). */
  higherIsBetter?: boolean;
}

export const MEASURE_INFO: Record<Measure, MeasureInfo> = {
  prob_diff: {
    label: "probability difference",
    description: "p₂(token) − p₁(token): the change in the probability of the actual token.",
    model1BetterWhen: "negative",
    kind: "diverging",
  },
  logprob_diff: {
    label: "log-probability difference",
    description: "log p₂(token) − log p₁(token), in nats.",
    model1BetterWhen: "negative",
    kind: "diverging",
  },
  rank_diff: {
    label: "rank difference",
    description: "rank₂ − rank₁ of the actual token (rank 1 = the model's top prediction).",
    model1BetterWhen: "positive",
    kind: "diverging",
  },
  clamped_rank_diff: {
    label: "clamped rank difference",
    description: "min(rank₂, C) − min(rank₁, C): the rank difference with ranks capped at C.",
    model1BetterWhen: "positive",
    kind: "diverging",
  },
  topk_diff: {
    label: "top-k difference",
    description: "k − |top-k₁ ∩ top-k₂|: how many of the k top predictions the models do not share.",
    model1BetterWhen: "none",
    kind: "sequential",
  },
  entropy_diff: {
    label: "entropy difference",
    description: "H₂ − H₁ of the predicted distributions, in nats (positive: model 2 is less certain).",
    model1BetterWhen: "none",
    kind: "diverging",
  },
  prob_1: {
    label: "probability (model 1)",
    description: "p₁(token), the probability model 1 gives the actual token.",
    model1BetterWhen: "none",
    kind: "sequential",
    model: 1,
    higherIsBetter: true,
  },
  prob_2: {
    label: "probability (model 2)",
    description: "p₂(token), the probability model 2 gives the actual token.",
    model1BetterWhen: "none",
    kind: "sequential",
    model: 2,
    higherIsBetter: true,
  },
  rank_1: {
    label: "rank (model 1)",
    description: "The rank of the actual token under model 1 (1 = top prediction).",
    model1BetterWhen: "none",
    kind: "sequential",
    model: 1,
    higherIsBetter: false,
  },
  rank_2: {
    label: "rank (model 2)",
    description: "The rank of the actual token under model 2 (1 = top prediction).",
    model1BetterWhen: "none",
    kind: "sequential",
    model: 2,
    higherIsBetter: false,
  },
};

/** One model's recording of a text: one entry per scored token. */
export interface TokenScores {
  prob: Float32Array;
  logprob: Float32Array;
  /** 1 = the model's top prediction; ties count as 1 + #(strictly larger logits). */
  rank: Int32Array;
  entropy: Float32Array;
  /** Row-major n × k. */
  topkIds: Int32Array;
  /** Row-major n × k, aligned with topkIds. */
  topkProbs: Float32Array;
}

/**
 * The top-k difference of one token: k minus the size of the intersection
 * of the two top-k id sets.  k is small (10 by default), so a double loop
 * beats building sets.
 */
export function topkDifference(a: Int32Array, aOff: number, b: Int32Array, bOff: number, k: number): number {
  let shared = 0;
  for (let i = 0; i < k; i++) {
    const id = a[aOff + i];
    for (let j = 0; j < k; j++) {
      if (b[bOff + j] === id) {
        shared++;
        break;
      }
    }
  }
  return k - shared;
}

/**
 * Compute one measure for every token, from the two models' recordings
 * over positions [start, end).  Returns a new Float64Array of end - start.
 */
export function computeMeasure(
  measure: Measure,
  m1: TokenScores,
  m2: TokenScores,
  k: number,
  maxClampRank: number,
  start = 0,
  end = m1.prob.length,
): Float64Array {
  const n = end - start;
  const out = new Float64Array(n);
  switch (measure) {
    case "prob_diff":
      for (let i = 0; i < n; i++) out[i] = m2.prob[start + i] - m1.prob[start + i];
      break;
    case "logprob_diff":
      for (let i = 0; i < n; i++) out[i] = m2.logprob[start + i] - m1.logprob[start + i];
      break;
    case "rank_diff":
      for (let i = 0; i < n; i++) out[i] = m2.rank[start + i] - m1.rank[start + i];
      break;
    case "clamped_rank_diff":
      for (let i = 0; i < n; i++) out[i] = Math.min(m2.rank[start + i], maxClampRank) - Math.min(m1.rank[start + i], maxClampRank);
      break;
    case "topk_diff":
      for (let i = 0; i < n; i++) out[i] = topkDifference(m1.topkIds, (start + i) * k, m2.topkIds, (start + i) * k, k);
      break;
    case "entropy_diff":
      for (let i = 0; i < n; i++) out[i] = m2.entropy[start + i] - m1.entropy[start + i];
      break;
    case "prob_1":
      for (let i = 0; i < n; i++) out[i] = m1.prob[start + i];
      break;
    case "prob_2":
      for (let i = 0; i < n; i++) out[i] = m2.prob[start + i];
      break;
    case "rank_1":
      for (let i = 0; i < n; i++) out[i] = m1.rank[start + i];
      break;
    case "rank_2":
      for (let i = 0; i < n; i++) out[i] = m2.rank[start + i];
      break;
  }
  return out;
}

/**
 * Which model "wins" a token under a measure: 1, 2, or 0 for a tie or for
 * measures without a winner.
 */
export function winner(measure: Measure, value: number): 0 | 1 | 2 {
  const info = MEASURE_INFO[measure];
  if (info.model1BetterWhen === "none" || value === 0 || Number.isNaN(value)) return 0;
  const positive = value > 0;
  return positive === (info.model1BetterWhen === "positive") ? 1 : 2;
}
