import { alignTokens } from "../core/alignTokens.js";
import { spreadBits } from "../core/spreadBits.js";
import type { Vocabulary } from "./Vocabulary.js";

/**
 * One model's bits per character of a text it read with its own tokenizer:
 * its tokens lined up with the text (alignTokens), their surprisal spread
 * over the bytes they own (spreadBits).  Also the spans, for views.
 */
export function alignedBits(text: string, ids: Int32Array, logprob: ArrayLike<number>, vocabulary: Vocabulary, charBytes: Uint8Array) {
  const spans = alignTokens(text, vocabulary.surfaces(ids));
  const { bits, total } = spreadBits(logprob, spans.byteStart, spans.byteEnd, charBytes);
  return { spans, bits, total };
}
