import type { InstanceData, ModelLabel } from "../core/InstanceData.js";
import type { PairScores, TokenScores } from "../core/measures.js";
import type { Vocabulary } from "./Vocabulary.js";

/**
 * Assemble the token-level comparison of one text from the two models'
 * recordings (live or from caches) and the shared vocabulary.  Copies the
 * arrays, so the result does not pin a whole cache in memory.
 */
export function buildInstance(args: {
  index: number;
  text: string;
  ids: Int32Array;
  m1: TokenScores;
  m2: TokenScores;
  k1: number;
  k2: number;
  models: [ModelLabel, ModelLabel];
  vocabulary: Vocabulary;
  maxClampRank: number;
  /** The joint measures, when both models scored the text together. */
  pair?: PairScores;
}): InstanceData {
  const k = Math.min(args.k1, args.k2);
  const n = args.ids.length;
  const slice = (s: TokenScores, kk: number): TokenScores => {
    const topkIds = new Int32Array(n * k);
    const topkProbs = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      topkIds.set(s.topkIds.subarray(i * kk, i * kk + k), i * k);
      topkProbs.set(s.topkProbs.subarray(i * kk, i * kk + k), i * k);
    }
    return { prob: s.prob.slice(), logprob: s.logprob.slice(), rank: s.rank.slice(), entropy: s.entropy.slice(), topkIds, topkProbs };
  };
  const m1 = slice(args.m1, args.k1);
  const m2 = slice(args.m2, args.k2);
  const display = args.vocabulary.displayTokens(args.ids);
  const vocab: Record<number, string> = {};
  for (const arr of [args.ids, m1.topkIds, m2.topkIds])
    for (const id of arr) if (!(id in vocab)) vocab[id] = args.vocabulary.displayToken(id);
  return {
    index: args.index,
    text: args.text,
    models: args.models,
    tokens: display.text,
    partial: display.partial,
    tokenIds: args.ids.slice(),
    k,
    maxClampRank: args.maxClampRank,
    m1,
    m2,
    ...(args.pair
      ? { pair: { kl: args.pair.kl.slice(), kl_reverse: args.pair.kl_reverse.slice(), js: args.pair.js.slice(), tv: args.pair.tv.slice() } }
      : {}),
    vocab,
  };
}
