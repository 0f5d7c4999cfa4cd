/**
 * The fields lmdiff reads from the JSON files of a model folder
 * (config.json, tokenizer.json, tokenizer_config.json).  These files come
 * from anywhere (the hub, a user's own export), so every field is optional,
 * the code reads each defensively (Number(), String(), typeof), and any
 * other field stays readable as `unknown`.
 */

/** config.json: the architecture and its sizes, under the names of the various model families. */
export interface ModelConfig {
  model_type?: string;
  is_encoder_decoder?: boolean;
  vocab_size?: number;
  /** Context length: GPT-2 style, BERT style, older GPT style. */
  n_positions?: number;
  max_position_embeddings?: number;
  n_ctx?: number;
  /** Layers: GPT-2 style, BERT style. */
  n_layer?: number;
  num_hidden_layers?: number;
  /** Hidden width: GPT-2 style, BERT style. */
  n_embd?: number;
  hidden_size?: number;
  /** Attention heads: GPT-2 style, BERT style; grouped-query models also give key/value heads. */
  n_head?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number;
  head_dim?: number;
  bos_token_id?: number;
  eos_token_id?: number;
  cls_token_id?: number;
  sep_token_id?: number;
  mask_token_id?: number;
  pad_token_id?: number;
  [key: string]: unknown;
}

/** tokenizer_config.json: the special tokens by role, and the longest input. */
export interface TokenizerConfig {
  model_max_length?: number;
  /** bos_token, eos_token, cls_token, …: the token's text, or an object whose `content` is. */
  [key: string]: unknown;
}

/** A token of tokenizer.json's `added_tokens`. */
export interface AddedToken {
  id: number;
  content: string;
  special?: boolean;
}

/**
 * One entry of a Unigram (SentencePiece) vocabulary, in id order: the piece
 * and its score.  A bare string is read as the piece.
 */
export type UnigramVocabEntry = [string, number] | string;

/** tokenizer.json's `model`: the tokenization algorithm and its tables. */
export interface TokenizerModel {
  /** "BPE", "WordPiece", "Unigram", … */
  type?: string;
  /** BPE and WordPiece: token → id; Unigram: [piece, score] pairs in id order. */
  vocab?: Record<string, number> | UnigramVocabEntry[];
  /** BPE: "a b" strings, or ["a", "b"] pairs in newer files. */
  merges?: (string | string[])[];
  continuing_subword_prefix?: string;
  [key: string]: unknown;
}

/** tokenizer.json, as the tokenizers library writes it. */
export interface TokenizerJson {
  model?: TokenizerModel;
  added_tokens?: AddedToken[];
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  decoder?: unknown;
  [key: string]: unknown;
}
