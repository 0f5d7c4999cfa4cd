import type { AlignedData, AlignedSide } from "../core/AlignedData.js";
import { charByteLengths } from "../core/alignTokens.js";
import type { ModelLabel } from "../core/InstanceData.js";
import type { TokenScores } from "../core/measures.js";
import { alignedBits } from "./alignedBits.js";
import type { Vocabulary } from "./Vocabulary.js";

/** One model's recording of a text, with what is needed to line it up with the text. */
export interface AlignedInput {
  label: ModelLabel;
  scoring: "causal" | "masked";
  ids: Int32Array;
  scores: TokenScores;
  /** Top-k size of the recording. */
  k: number;
  vocabulary: Vocabulary;
}

/**
 * The byte-aligned comparison of one text by two models with different
 * tokenizers (live or from caches): each model's tokens lined up with the
 * text's bytes (alignTokens), their bits spread over those bytes
 * (spreadBits).  Copies the arrays, so the result does not pin a cache.
 */
export function buildAligned(index: number, text: string, a: AlignedInput, b: AlignedInput): AlignedData {
  const chars = Array.from(text);
  const charBytes = charByteLengths(chars);
  const side = (x: AlignedInput): { side: AlignedSide; bits: Float64Array; total: number } => {
    const { spans, bits, total } = alignedBits(text, x.ids, x.scores.logprob, x.vocabulary, charBytes);
    const display = x.vocabulary.displayTokens(x.ids);
    const vocab: Record<number, string> = {};
    for (const arr of [x.ids, x.scores.topkIds]) for (const id of arr) if (!(id in vocab)) vocab[id] = x.vocabulary.displayToken(id);
    const s = x.scores;
    return {
      side: {
        scoring: x.scoring,
        tokens: display.text,
        partial: display.partial,
        tokenIds: x.ids.slice(),
        start: spans.start,
        end: spans.end,
        byteStart: spans.byteStart,
        byteEnd: spans.byteEnd,
        approximate: spans.approximate,
        k: x.k,
        scores: {
          prob: s.prob.slice(),
          logprob: s.logprob.slice(),
          rank: s.rank.slice(),
          entropy: s.entropy.slice(),
          topkIds: s.topkIds.slice(),
          topkProbs: s.topkProbs.slice(),
        },
        vocab,
      },
      bits,
      total,
    };
  };
  const s1 = side(a);
  const s2 = side(b);
  return {
    aligned: true,
    index,
    text,
    models: [a.label, b.label],
    chars,
    charBytes,
    bytes: charBytes.reduce((x, y) => x + y, 0),
    bits1: s1.bits,
    bits2: s2.bits,
    total1: s1.total,
    total2: s2.total,
    sides: [s1.side, s2.side],
  };
}
