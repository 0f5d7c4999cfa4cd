import type { AlignedData } from "./AlignedData.js";

/** One token of one model in `lmdiff text --json` of two tokenizers. */
export interface AlignedTokenJSON {
  i: number;
  token: string;
  id: number;
  /** The characters it owns: [start, end) in code points of the text. */
  start: number;
  end: number;
  bytes: number;
  /** −log₂ p (a masked model: −log₂ of its pseudo-likelihood). */
  bits: number;
  prob: number;
  rank: number;
  entropy: number;
  topk: { token: string; id: number; prob: number }[];
}

/** `lmdiff text M1 M2 TEXT --json` when the tokenizers differ: bytes, per-character bits, and both readings. */
export interface AlignedTextJSON {
  models: AlignedData["models"];
  /** "causal" | "masked" (pseudo-log-likelihood) per model. */
  scoring: ["causal" | "masked", "causal" | "masked"];
  text: string;
  aligned: true;
  bytes: number;
  bits_1: number;
  bits_2: number;
  bits_per_byte_1: number;
  bits_per_byte_2: number;
  chars: { char: string; bits_1: number; bits_2: number }[];
  tokens_1: AlignedTokenJSON[];
  tokens_2: AlignedTokenJSON[];
}

/** One model's own tokens (w: 0 for model 1, 1 for model 2) in the form of lmdiff text --json. */
export function alignedTokensJSON(d: AlignedData, w: 0 | 1): AlignedTokenJSON[] {
  const s = d.sides[w];
  const k = s.k;
  return s.tokens.map((token, i) => ({
    i,
    token,
    id: s.tokenIds[i],
    start: s.start[i],
    end: s.end[i],
    bytes: s.byteEnd[i] - s.byteStart[i],
    bits: -s.scores.logprob[i] / Math.LN2,
    prob: s.scores.prob[i],
    rank: s.scores.rank[i],
    entropy: s.scores.entropy[i],
    topk: Array.from({ length: k }, (_, j) => ({
      token: s.vocab[s.scores.topkIds[i * k + j]],
      id: s.scores.topkIds[i * k + j],
      prob: s.scores.topkProbs[i * k + j],
    })),
  }));
}

/** The plain, readable JSON of a byte-aligned comparison (not the compact form of views; see alignedJson). */
export function alignedTextJSON(d: AlignedData): AlignedTextJSON {
  return {
    models: d.models,
    scoring: [d.sides[0].scoring, d.sides[1].scoring],
    text: d.text,
    aligned: true,
    bytes: d.bytes,
    bits_1: d.total1,
    bits_2: d.total2,
    bits_per_byte_1: d.total1 / d.bytes,
    bits_per_byte_2: d.total2 / d.bytes,
    chars: d.chars.map((char, i) => ({ char, bits_1: d.bits1[i], bits_2: d.bits2[i] })),
    tokens_1: alignedTokensJSON(d, 0),
    tokens_2: alignedTokensJSON(d, 1),
  };
}
