import type { AlignedData, AlignedSide } from "../../src/core/AlignedData.js";
import { charByteLengths } from "../../src/core/alignTokens.js";
import { spreadBits } from "../../src/core/spreadBits.js";

/**
 * A small, fixed byte-aligned comparison, built by hand, for the aligned
 * strip, figure, export and widget tests.  The text "Ein Bär 😀\nja <&>"
 * has an umlaut, an emoji, a newline and characters that need XML escaping.
 *
 * Model 1 ("tiny-en", causal) reads it like a byte-level BPE: "ä" and "😀"
 * are each split over two tokens (the second a partial token with no text
 * of its own).  Model 2 ("tiny-mlm-en", masked: its numbers are
 * pseudo-log-likelihoods) reads it like WordPiece: lower case, whitespace
 * going with the word after it, "[UNK]" for the emoji, and one token that
 * owns nothing (before "<").
 */
export const ALIGNED_TEXT = "Ein Bär 😀\nja <&>";

interface TokenSpec {
  token: string;
  /** Characters [start, end) and bytes [byteStart, byteEnd) it owns. */
  start: number;
  end: number;
  byteStart: number;
  byteEnd: number;
  partial?: boolean;
  prob: number;
  rank: number;
}

// Byte offsets: E0 i1 n2 ␠3 B4 ä5–6 r7 ␠8 😀9–12 ↵13 j14 a15 ␠16 <17 &18 >19, 20 bytes.
const SIDE1: TokenSpec[] = [
  { token: "E", start: 0, end: 1, byteStart: 0, byteEnd: 1, prob: 0.05, rank: 12 },
  { token: "in", start: 1, end: 3, byteStart: 1, byteEnd: 3, prob: 0.3, rank: 2 },
  { token: " B", start: 3, end: 5, byteStart: 3, byteEnd: 5, prob: 0.02, rank: 40 },
  { token: "ä", start: 5, end: 6, byteStart: 5, byteEnd: 6, prob: 0.1, rank: 3 },
  { token: "", start: 5, end: 6, byteStart: 6, byteEnd: 7, partial: true, prob: 0.99, rank: 1 },
  { token: "r", start: 6, end: 7, byteStart: 7, byteEnd: 8, prob: 0.4, rank: 1 },
  { token: " ", start: 7, end: 8, byteStart: 8, byteEnd: 9, prob: 0.2, rank: 2 },
  { token: "😀", start: 8, end: 9, byteStart: 9, byteEnd: 11, prob: 0.01, rank: 90 },
  { token: "", start: 8, end: 9, byteStart: 11, byteEnd: 13, partial: true, prob: 0.9, rank: 1 },
  { token: "\n", start: 9, end: 10, byteStart: 13, byteEnd: 14, prob: 0.6, rank: 1 },
  { token: "ja", start: 10, end: 12, byteStart: 14, byteEnd: 16, prob: 0.003, rank: 300 },
  { token: " <", start: 12, end: 14, byteStart: 16, byteEnd: 18, prob: 0.04, rank: 7 },
  { token: "&>", start: 14, end: 16, byteStart: 18, byteEnd: 20, prob: 0.25, rank: 2 },
];

const SIDE2: TokenSpec[] = [
  { token: "ein", start: 0, end: 3, byteStart: 0, byteEnd: 3, prob: 0.5, rank: 1 },
  { token: " bar", start: 3, end: 7, byteStart: 3, byteEnd: 8, prob: 0.08, rank: 5 },
  { token: " [UNK]", start: 7, end: 9, byteStart: 8, byteEnd: 13, prob: 0.6, rank: 1 },
  { token: " ja", start: 9, end: 12, byteStart: 13, byteEnd: 16, prob: 0.2, rank: 2 },
  { token: "'", start: 12, end: 12, byteStart: 16, byteEnd: 16, prob: 0.5, rank: 1 },
  { token: " <", start: 12, end: 14, byteStart: 16, byteEnd: 18, prob: 0.3, rank: 1 },
  { token: "&", start: 14, end: 15, byteStart: 18, byteEnd: 19, prob: 0.7, rank: 1 },
  { token: ">", start: 15, end: 16, byteStart: 19, byteEnd: 20, prob: 0.45, rank: 2 },
];

const K = 3;

function side(specs: TokenSpec[], scoring: "causal" | "masked", idBase: number): AlignedSide {
  const n = specs.length;
  const vocab: Record<number, string> = { 1: " the", 2: ",", 3: "\n", 4: " Bier", 5: "<b>" };
  const topkIds = new Int32Array(n * K);
  const topkProbs = new Float32Array(n * K);
  specs.forEach((s, i) => {
    vocab[idBase + i] = s.partial ? "\u00bf" : s.token;
    let filler = 0;
    for (let j = 0; j < K; j++) {
      if (j === s.rank - 1) {
        topkIds[i * K + j] = idBase + i;
        topkProbs[i * K + j] = s.prob;
      } else {
        topkIds[i * K + j] = 1 + ((i + filler) % 5);
        filler++;
        topkProbs[i * K + j] = Math.round((0.4 / (j + 1)) * 1000) / 1000;
      }
    }
  });
  return {
    scoring,
    tokens: specs.map((s) => s.token),
    partial: Uint8Array.from(specs, (s) => (s.partial ? 1 : 0)),
    tokenIds: Int32Array.from(specs, (_, i) => idBase + i),
    start: Int32Array.from(specs, (s) => s.start),
    end: Int32Array.from(specs, (s) => s.end),
    byteStart: Int32Array.from(specs, (s) => s.byteStart),
    byteEnd: Int32Array.from(specs, (s) => s.byteEnd),
    approximate: 0,
    k: K,
    scores: {
      prob: Float32Array.from(specs, (s) => s.prob),
      logprob: Float32Array.from(specs, (s) => Math.log(s.prob)),
      rank: Int32Array.from(specs, (s) => s.rank),
      entropy: Float32Array.from(specs, (_, i) => 1 + (i % 4) / 2),
      topkIds,
      topkProbs,
    },
    vocab,
  };
}

export function alignedFixture(): AlignedData {
  const chars = Array.from(ALIGNED_TEXT);
  const charBytes = charByteLengths(chars);
  const s1 = side(SIDE1, "causal", 100);
  const s2 = side(SIDE2, "masked", 200);
  const b1 = spreadBits(s1.scores.logprob, s1.byteStart, s1.byteEnd, charBytes);
  const b2 = spreadBits(s2.scores.logprob, s2.byteStart, s2.byteEnd, charBytes);
  return {
    aligned: true,
    index: 5,
    text: ALIGNED_TEXT,
    models: [
      { name: "tiny-en", spec: "tiny-en" },
      { name: "tiny-mlm-en", spec: "tiny-mlm-en" },
    ],
    chars,
    charBytes,
    bytes: charBytes.reduce((a, b) => a + b, 0),
    bits1: b1.bits,
    bits2: b2.bits,
    total1: b1.total,
    total2: b2.total,
    sides: [s1, s2],
  };
}

/** alignedFixture's models and scoring on an empty text: no characters, no tokens. */
export function emptyAlignedFixture(): AlignedData {
  const d = alignedFixture();
  const none = (s: AlignedData["sides"][number]): AlignedData["sides"][number] => ({
    ...s,
    tokens: [],
    partial: new Uint8Array(0),
    tokenIds: new Int32Array(0),
    start: new Int32Array(0),
    end: new Int32Array(0),
    byteStart: new Int32Array(0),
    byteEnd: new Int32Array(0),
    approximate: 0,
    scores: {
      prob: new Float32Array(0),
      logprob: new Float32Array(0),
      rank: new Int32Array(0),
      entropy: new Float32Array(0),
      topkIds: new Int32Array(0),
      topkProbs: new Float32Array(0),
    },
    vocab: {},
  });
  return {
    ...d,
    text: "",
    chars: [],
    charBytes: new Uint8Array(0),
    bytes: 0,
    bits1: new Float64Array(0),
    bits2: new Float64Array(0),
    total1: 0,
    total2: 0,
    sides: [none(d.sides[0]), none(d.sides[1])],
  };
}
