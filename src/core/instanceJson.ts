import type { InstanceData } from "./InstanceData.js";
import type { TokenScores } from "./measures.js";

/**
 * A compact JSON form of InstanceData for the notebook display and the
 * server: typed arrays travel as base64 of their little-endian bytes
 * (about a third of the size of JSON number lists, and exact), everything
 * else as plain JSON.  `fromJSON(toJSON(d))` gives back equal arrays.
 */
export interface InstanceJSON {
  v: 1;
  index: number;
  text: string;
  models: InstanceData["models"];
  tokens: string[];
  partial: string;
  tokenIds: string;
  k: number;
  maxClampRank: number;
  m1: Record<keyof TokenScores, string>;
  m2: Record<keyof TokenScores, string>;
  vocab: Record<number, string>;
}

type Typed = Float32Array | Int32Array | Uint8Array;

function toBase64(a: Typed): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (typeof Buffer !== "undefined") return Buffer.from(bytes).toString("base64");
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  if (typeof Buffer !== "undefined") {
    const b = Buffer.from(s, "base64");
    // Copy into a fresh, aligned buffer: Buffer's pool offsets are not 4-aligned.
    return new Uint8Array(b);
  }
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const f32 = (s: string) => new Float32Array(fromBase64(s).buffer);
const i32 = (s: string) => new Int32Array(fromBase64(s).buffer);

function scoresToJSON(s: TokenScores): Record<keyof TokenScores, string> {
  return {
    prob: toBase64(s.prob),
    logprob: toBase64(s.logprob),
    rank: toBase64(s.rank),
    entropy: toBase64(s.entropy),
    topkIds: toBase64(s.topkIds),
    topkProbs: toBase64(s.topkProbs),
  };
}

function scoresFromJSON(s: Record<keyof TokenScores, string>): TokenScores {
  return {
    prob: f32(s.prob),
    logprob: f32(s.logprob),
    rank: i32(s.rank),
    entropy: f32(s.entropy),
    topkIds: i32(s.topkIds),
    topkProbs: f32(s.topkProbs),
  };
}

export function instanceToJSON(d: InstanceData): InstanceJSON {
  return {
    v: 1,
    index: d.index,
    text: d.text,
    models: d.models,
    tokens: d.tokens,
    partial: toBase64(d.partial),
    tokenIds: toBase64(d.tokenIds),
    k: d.k,
    maxClampRank: d.maxClampRank,
    m1: scoresToJSON(d.m1),
    m2: scoresToJSON(d.m2),
    vocab: d.vocab,
  };
}

export function instanceFromJSON(j: InstanceJSON): InstanceData {
  if (!j || j.v !== 1) throw new Error("lmdiff: unsupported instance data (expected version 1)");
  return {
    index: j.index,
    text: j.text,
    models: j.models,
    tokens: j.tokens,
    partial: fromBase64(j.partial),
    tokenIds: i32(j.tokenIds),
    k: j.k,
    maxClampRank: j.maxClampRank,
    m1: scoresFromJSON(j.m1),
    m2: scoresFromJSON(j.m2),
    vocab: j.vocab,
  };
}
