/**
 * One forward-pass row.  For causal models, `input` is a window of
 * [BOS, ...tokens] and the row scores the tokens at sequence positions
 * [from, to] (each predicted from the logits one step earlier); see
 * causalRows.  For masked models, `input` is [CLS] window [SEP] with one
 * position masked; see maskedRows.
 */
export interface Row {
  doc: number;
  input: Int32Array;
  /** Causal: first sequence position scored; masked: the masked input position. */
  from: number;
  /** Causal: last sequence position scored; masked: index of the token in the doc. */
  to: number;
  /** Causal: sequence position of input[0]; masked: index in the doc of the window's first token. */
  offset: number;
}
