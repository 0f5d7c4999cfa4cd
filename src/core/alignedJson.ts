import { isAligned, type AlignedData, type AlignedSide } from "./AlignedData.js";
import { base64ToBytes, bytesToBase64 } from "./base64.js";
import type { InstanceData } from "./InstanceData.js";
import { instanceFromJSON, instanceToJSON, type InstanceJSON } from "./instanceJson.js";
import { LmdiffError } from "./LmdiffError.js";
import type { TokenScores } from "./measures.js";

/**
 * A compact JSON form of AlignedData (a text read by two tokenizers) for
 * the server's instance route and the notebook payloads, the counterpart
 * of instanceJson's InstanceJSON: typed arrays travel as base64 of their
 * little-endian bytes, everything else as plain JSON, and `aligned: true`
 * tells the two forms apart.  The characters, their UTF-8 lengths and the
 * byte count are not sent: they follow from the text (Array.from(text),
 * as buildAligned makes them).  `alignedFromJSON(alignedToJSON(d))` gives
 * back equal arrays.
 */
export interface AlignedJSON {
  v: 1;
  aligned: true;
  index: number;
  text: string;
  models: AlignedData["models"];
  /** Float64 bits per character of each model. */
  bits1: string;
  bits2: string;
  total1: number;
  total2: number;
  sides: [AlignedSideJSON, AlignedSideJSON];
}

export interface AlignedSideJSON {
  scoring: AlignedSide["scoring"];
  tokens: string[];
  partial: string;
  tokenIds: string;
  start: string;
  end: string;
  byteStart: string;
  byteEnd: string;
  approximate: number;
  k: number;
  scores: Record<ScoreColumn, string>;
  vocab: Record<number, string>;
}

/** The per-token arrays that travel (entropy bounds stay in the cache, as in InstanceJSON). */
type ScoreColumn = Exclude<keyof TokenScores, "entropyBounds">;

const f32 = (s: string) => new Float32Array(base64ToBytes(s).buffer);
const f64 = (s: string) => new Float64Array(base64ToBytes(s).buffer);
const i32 = (s: string) => new Int32Array(base64ToBytes(s).buffer);

/** Whether a decoded JSON value is the aligned form (rather than an InstanceJSON). */
export function isAlignedJSON(j: unknown): j is AlignedJSON {
  return j !== null && typeof j === "object" && (j as Partial<AlignedJSON>).aligned === true;
}

function sideToJSON(s: AlignedSide): AlignedSideJSON {
  const c = s.scores;
  return {
    scoring: s.scoring,
    tokens: s.tokens,
    partial: bytesToBase64(s.partial),
    tokenIds: bytesToBase64(s.tokenIds),
    start: bytesToBase64(s.start),
    end: bytesToBase64(s.end),
    byteStart: bytesToBase64(s.byteStart),
    byteEnd: bytesToBase64(s.byteEnd),
    approximate: s.approximate,
    k: s.k,
    scores: {
      prob: bytesToBase64(c.prob),
      logprob: bytesToBase64(c.logprob),
      rank: bytesToBase64(c.rank),
      entropy: bytesToBase64(c.entropy),
      topkIds: bytesToBase64(c.topkIds),
      topkProbs: bytesToBase64(c.topkProbs),
    },
    vocab: s.vocab,
  };
}

function sideFromJSON(s: AlignedSideJSON): AlignedSide {
  const c = s.scores;
  return {
    scoring: s.scoring,
    tokens: s.tokens,
    partial: base64ToBytes(s.partial),
    tokenIds: i32(s.tokenIds),
    start: i32(s.start),
    end: i32(s.end),
    byteStart: i32(s.byteStart),
    byteEnd: i32(s.byteEnd),
    approximate: s.approximate,
    k: s.k,
    scores: {
      prob: f32(c.prob),
      logprob: f32(c.logprob),
      rank: i32(c.rank),
      entropy: f32(c.entropy),
      topkIds: i32(c.topkIds),
      topkProbs: f32(c.topkProbs),
    },
    vocab: s.vocab,
  };
}

export function alignedToJSON(d: AlignedData): AlignedJSON {
  return {
    v: 1,
    aligned: true,
    index: d.index,
    text: d.text,
    models: d.models,
    bits1: bytesToBase64(d.bits1),
    bits2: bytesToBase64(d.bits2),
    total1: d.total1,
    total2: d.total2,
    sides: [sideToJSON(d.sides[0]), sideToJSON(d.sides[1])],
  };
}

export function alignedFromJSON(j: AlignedJSON): AlignedData {
  if (!isAlignedJSON(j) || j.v !== 1)
    throw new LmdiffError("unsupported aligned data (expected version 1 with aligned: true)", "bad-option");
  const chars = Array.from(j.text);
  // UTF-8 lengths by code point, as alignTokens' charByteLengths gives them (not imported: the browser bundle needs nothing else of alignTokens).
  const charBytes = Uint8Array.from(chars, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  });
  let bytes = 0;
  for (const b of charBytes) bytes += b;
  return {
    aligned: true,
    index: j.index,
    text: j.text,
    models: j.models,
    chars,
    charBytes,
    bytes,
    bits1: f64(j.bits1),
    bits2: f64(j.bits2),
    total1: j.total1,
    total2: j.total2,
    sides: [sideFromJSON(j.sides[0]), sideFromJSON(j.sides[1])],
  };
}

/**
 * One text's data from either JSON form: AlignedData from an AlignedJSON
 * (`aligned: true`), else InstanceData from an InstanceJSON.  The server's
 * instance routes and the notebook payloads carry whichever the two models
 * need (one tokenizer or two), so their readers decode with this.
 */
export function instanceOrAlignedFromJSON(j: InstanceJSON | AlignedJSON): InstanceData | AlignedData {
  return isAlignedJSON(j) ? alignedFromJSON(j) : instanceFromJSON(j);
}

/** The JSON form of either kind of one text's data (alignedToJSON or instanceToJSON). */
export function instanceOrAlignedToJSON(d: InstanceData | AlignedData): InstanceJSON | AlignedJSON {
  return isAligned(d) ? alignedToJSON(d) : instanceToJSON(d);
}
