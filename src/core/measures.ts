import { LmdiffError } from "./LmdiffError.js";

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

/**
 * Measures over the two models' whole distributions at a token.  kl,
 * kl_reverse, js and tv need both full distributions at once, so they come
 * only from a joint run of the two models (see JOINT_MEASURES and
 * PairScores); top1_agree needs only each model's most likely token, which
 * every recording keeps (the first entry of its top-k list), so it is
 * exact from any two caches.
 */
export const PAIR_MEASURES = ["kl", "kl_reverse", "js", "tv", "top1_agree"] as const;
export type PairMeasure = (typeof PAIR_MEASURES)[number];

/** The pair measures that need a joint run (a pair cache, or both models scoring together). */
export const JOINT_MEASURES = ["kl", "kl_reverse", "js", "tv"] as const;
export type JointMeasure = (typeof JOINT_MEASURES)[number];

/**
 * Measures per character of a byte-aligned comparison (two tokenizers; see
 * AlignedData): each model's bits on the character and their difference.
 * Token measures do not exist there (the models' tokens differ), and these
 * are not offered for token-level comparisons.
 */
export const BYTE_MEASURES = ["bits_diff", "bits_1", "bits_2"] as const;
export type ByteMeasure = (typeof BYTE_MEASURES)[number];

export function isByteMeasure(m: string): m is ByteMeasure {
  return (BYTE_MEASURES as readonly string[]).includes(m);
}

/**
 * Measures with per-text aggregate columns in ComparisonResults: the token
 * measures for two models of one tokenizer, bits_diff (over bytes) for two
 * tokenizers.
 */
export const CORPUS_MEASURES = [...DIFF_MEASURES, ...PAIR_MEASURES, "bits_diff"] as const;
export type CorpusMeasure = DiffMeasure | PairMeasure | "bits_diff";

export const SINGLE_MEASURES = ["prob_1", "prob_2", "rank_1", "rank_2"] as const;
export type SingleMeasure = (typeof SINGLE_MEASURES)[number];

/** The measures of a token-level comparison (one tokenizer). */
export const MEASURES = [...DIFF_MEASURES, ...PAIR_MEASURES, ...SINGLE_MEASURES] as const;
export type TokenMeasure = DiffMeasure | PairMeasure | SingleMeasure;
export type Measure = TokenMeasure | ByteMeasure;

/**
 * The joint measures of one text, one entry per token (see JOINT_MEASURES):
 * computed by onnxruntime over the full vocabulary while both models score
 * the same forward-pass rows (engine/pairStatsGraph).
 */
export type PairScores = Record<JointMeasure, Float32Array>;

export function isJointMeasure(m: string): m is JointMeasure {
  return (JOINT_MEASURES as readonly string[]).includes(m);
}

/**
 * The measures a comparison can show: every measure, except the joint ones
 * when the two models were not scored together.
 */
export function availableMeasures<M extends Measure>(all: readonly M[], joint: boolean): M[] {
  return joint ? [...all] : all.filter((m) => !isJointMeasure(m));
}

/** The one-line error for a joint measure asked of a comparison without one. */
export function jointMeasureMissing(m: JointMeasure): LmdiffError {
  return new LmdiffError(
    `${m} needs both models' full distributions, which this comparison does not have (it was made from two separate caches); score the models together (compare() on texts, lmdiff text, or lmdiff preprocess all, which writes a pair cache)`,
    "measure-unavailable",
  );
}

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
  kl: {
    label: "KL divergence",
    description: "KL(P₁‖P₂) = Σ p₁ log(p₁/p₂) over the whole vocabulary, in nats (model 1 as the reference).",
    model1BetterWhen: "none",
    kind: "sequential",
  },
  kl_reverse: {
    label: "reverse KL divergence",
    description: "KL(P₂‖P₁) = Σ p₂ log(p₂/p₁) over the whole vocabulary, in nats (model 2 as the reference).",
    model1BetterWhen: "none",
    kind: "sequential",
  },
  js: {
    label: "Jensen–Shannon divergence",
    description: "JS(P₁, P₂) = ½ KL(P₁‖M) + ½ KL(P₂‖M), M = ½(P₁ + P₂), in bits (0 to 1).",
    model1BetterWhen: "none",
    kind: "sequential",
  },
  tv: {
    label: "total variation",
    description: "½ Σ |p₁ − p₂| over the whole vocabulary (0 to 1): 1 − the overlap of the two distributions.",
    model1BetterWhen: "none",
    kind: "sequential",
  },
  top1_agree: {
    label: "same top-1",
    description: "1 when both models' most likely tokens are the same, else 0.",
    model1BetterWhen: "none",
    kind: "sequential",
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
  bits_diff: {
    label: "bits difference",
    description:
      "bits₂ − bits₁ on a character (or, over a text, per byte): each model's surprisal −log₂ p spread over the bytes of its tokens (positive: model 2 needs more bits).",
    model1BetterWhen: "positive",
    kind: "diverging",
  },
  bits_1: {
    label: "bits (model 1)",
    description: "Model 1's surprisal on a character: its tokens' −log₂ p spread over their bytes.",
    model1BetterWhen: "none",
    kind: "sequential",
    model: 1,
    higherIsBetter: false,
  },
  bits_2: {
    label: "bits (model 2)",
    description: "Model 2's surprisal on a character: its tokens' −log₂ p spread over their bytes.",
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
  /**
   * Bounds on the entropy where it was not measured (a remote server gives
   * only the top-k; see entropyBounds): entropy is then NaN and these hold
   * the range it lies in.  Absent when entropies are exact.
   */
  entropyBounds?: { lower: Float32Array; upper: Float32Array };
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
 * The joint measures come from `pair` (an error without it).
 */
export function computeMeasure(
  measure: Measure,
  m1: TokenScores,
  m2: TokenScores,
  k: number,
  maxClampRank: number,
  start = 0,
  end = m1.prob.length,
  pair?: PairScores,
): Float64Array {
  const n = end - start;
  const out = new Float64Array(n);
  if (isByteMeasure(measure))
    throw new LmdiffError(
      `${measure} is a measure of comparisons on bytes (models with different tokenizers); use a token measure`,
      "bad-option",
    );
  if (isJointMeasure(measure)) {
    if (!pair) throw jointMeasureMissing(measure);
    const v = pair[measure];
    for (let i = 0; i < n; i++) out[i] = v[start + i];
    return out;
  }
  switch (measure) {
    case "top1_agree":
      // The first entry of a top-k list is the model's most likely token
      // (onnxruntime's TopK, ties to the lower id, as the joint run's).
      for (let i = 0; i < n; i++) out[i] = m1.topkIds[(start + i) * k] === m2.topkIds[(start + i) * k] ? 1 : 0;
      break;
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
