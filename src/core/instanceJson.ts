import { base64ToBytes, bytesToBase64 } from "./base64.js";
import type { InstanceData } from "./InstanceData.js";
import { JOINT_MEASURES, type PairScores, type TokenScores } from "./measures.js";

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
  m1: Record<ScoreColumn, string>;
  m2: Record<ScoreColumn, string>;
  /** The joint measures (base64 float32), when the models were scored together. */
  pair?: Record<keyof PairScores, string>;
  vocab: Record<number, string>;
}

/** The per-token arrays that travel (entropy bounds stay in the cache). */
type ScoreColumn = Exclude<keyof TokenScores, "entropyBounds">;

const f32 = (s: string) => new Float32Array(base64ToBytes(s).buffer);
const i32 = (s: string) => new Int32Array(base64ToBytes(s).buffer);

function scoresToJSON(s: TokenScores): Record<ScoreColumn, string> {
  return {
    prob: bytesToBase64(s.prob),
    logprob: bytesToBase64(s.logprob),
    rank: bytesToBase64(s.rank),
    entropy: bytesToBase64(s.entropy),
    topkIds: bytesToBase64(s.topkIds),
    topkProbs: bytesToBase64(s.topkProbs),
  };
}

function scoresFromJSON(s: Record<ScoreColumn, string>): TokenScores {
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
    partial: bytesToBase64(d.partial),
    tokenIds: bytesToBase64(d.tokenIds),
    k: d.k,
    maxClampRank: d.maxClampRank,
    m1: scoresToJSON(d.m1),
    m2: scoresToJSON(d.m2),
    ...(d.pair
      ? { pair: Object.fromEntries(JOINT_MEASURES.map((m) => [m, bytesToBase64(d.pair![m])])) as Record<keyof PairScores, string> }
      : {}),
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
    partial: base64ToBytes(j.partial),
    tokenIds: i32(j.tokenIds),
    k: j.k,
    maxClampRank: j.maxClampRank,
    m1: scoresFromJSON(j.m1),
    m2: scoresFromJSON(j.m2),
    ...(j.pair ? { pair: Object.fromEntries(JOINT_MEASURES.map((m) => [m, f32(j.pair![m])])) as PairScores } : {}),
    vocab: j.vocab,
  };
}
