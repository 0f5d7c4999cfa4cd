import type { ModelLabel } from "./InstanceData.js";
import type { TokenScores } from "./measures.js";

/**
 * One model's own reading of a text in a byte-aligned comparison: its
 * tokens, the characters each token owns, and its scores.
 */
export interface AlignedSide {
  /**
   * "causal": each token's log-probability given the tokens before it (and
   * BOS).  "masked": its pseudo-log-likelihood, the token masked in turn
   * with the whole text around it (Salazar et al. 2020) — not a
   * probability of the text, and labelled as such wherever it is shown.
   */
  scoring: "causal" | "masked";
  /** Display text of each scored token (see core/tokenText). */
  tokens: string[];
  /** 1 where a token holds only the continuation bytes of a character. */
  partial: Uint8Array;
  tokenIds: Int32Array;
  /**
   * The characters (code points, indices into AlignedData.chars) token i
   * owns: [start[i], end[i]).  Spans are contiguous and cover the text;
   * a token that is part of a character's bytes shares that character with
   * its neighbours (see byteStart/byteEnd), and a token may own nothing.
   */
  start: Int32Array;
  end: Int32Array;
  /** The UTF-8 bytes token i owns: [byteStart[i], byteEnd[i]); contiguous, covering the text. */
  byteStart: Int32Array;
  byteEnd: Int32Array;
  /** Tokens whose text could not be found in the text where expected (their span is a best guess). */
  approximate: number;
  /** Top-k size of the recording. */
  k: number;
  scores: TokenScores;
  /** Display strings for every id in tokenIds and in the top-k lists. */
  vocab: Record<number, string>;
}

/**
 * The comparison of one text by two models with different tokenizers, on
 * the text's characters.  Each token's surprisal (−log₂ p, in bits) is
 * spread evenly over the UTF-8 bytes the token owns (see spreadBits), and a
 * character's bits are the sum over its bytes; so per text the characters'
 * bits sum to each model's total surprisal.  bitsDiff = bits2 − bits1
 * (positive: model 2 spends more bits there, model 1 did better).
 */
export interface AlignedData {
  /** Discriminates from InstanceData (one shared tokenizer). */
  aligned: true;
  /** Index of the text in its corpus (0 for a free text). */
  index: number;
  text: string;
  models: [ModelLabel, ModelLabel];
  /** The text's characters (Unicode code points), in order. */
  chars: string[];
  /** UTF-8 length of each character (1–4). */
  charBytes: Uint8Array;
  /** Bytes of the text in UTF-8. */
  bytes: number;
  /** Each model's bits per character. */
  bits1: Float64Array;
  bits2: Float64Array;
  /** Each model's total surprisal over the text, in bits (the sum of its tokens'). */
  total1: number;
  total2: number;
  sides: [AlignedSide, AlignedSide];
}

/** Whether a comparison's data is byte-aligned (two tokenizers) rather than token-level. */
export function isAligned(d: object): d is AlignedData {
  return (d as Partial<AlignedData>).aligned === true;
}
