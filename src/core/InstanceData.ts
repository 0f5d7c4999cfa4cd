import type { PairScores, TokenScores } from "./measures.js";

/** A model as the views name it. */
export interface ModelLabel {
  /** Short name shown in headers and legends, e.g. "tiny-en". */
  name: string;
  /** What was loaded: a bundled name, a folder or a hub id. */
  spec: string;
}

/**
 * The token-level comparison of one text: everything the instance view, the
 * figure export and the notebook display need, and nothing that needs a
 * model.  Token i of `tokens` is scored by both models in m1/m2 at index i.
 */
export interface InstanceData {
  /** Index of the text in its corpus (0 for a free text). */
  index: number;
  text: string;
  models: [ModelLabel, ModelLabel];
  /** Display text of each scored token (see core/tokenText). */
  tokens: string[];
  /** 1 where a token holds only the continuation bytes of a character. */
  partial: Uint8Array;
  tokenIds: Int32Array;
  /** Top-k size of both recordings. */
  k: number;
  /** Cap C of the clamped rank difference. */
  maxClampRank: number;
  m1: TokenScores;
  m2: TokenScores;
  /**
   * The joint measures (KL, JS, TV) per token when both models scored the
   * text together (or a pair cache holds them); absent otherwise.
   */
  pair?: PairScores;
  /** Display strings for every id in tokenIds and in either top-k list. */
  vocab: Record<number, string>;
}
