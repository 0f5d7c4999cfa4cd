import * as ort from "onnxruntime-node";
import { LmdiffError } from "../core/LmdiffError.js";
import type { TokenScores } from "../core/measures.js";
import type { Model } from "./Model.js";
import { int64Array, int64Words, setInt64 } from "./int64.js";
import { toSpec, type ScoreJob } from "./ScoreJob.js";
import type { StatsResult } from "./Stats.js";
import { FUSED_PREFIX } from "./statsGraph.js";

export interface ScoreOptions {
  /** Size of the recorded top-k lists (default 10). */
  k?: number;
  /**
   * Upper bound on tokens per forward pass (rows × padded length); see
   * defaultBatchTokens.
   */
  batchTokens?: number;
  signal?: AbortSignal;
  /** Called after each batch with the number of tokens scored in it. */
  onTokens?: (n: number) => void;
}

/**
 * One forward-pass row.  For causal models, `input` is a window of
 * [BOS, ...tokens] and the row scores the tokens at sequence positions
 * [from, to] (each predicted from the logits one step earlier).  For masked
 * models, `input` is [CLS] window [SEP] with one position masked.
 */
export interface Row {
  doc: number;
  input: Int32Array;
  /** Causal: first sequence position scored; masked: the masked input position. */
  from: number;
  /** Causal: last sequence position scored; masked: index of the token in the doc. */
  to: number;
  /** Causal: sequence position of input[0]. */
  offset: number;
}

function emptyScores(n: number, k: number): TokenScores {
  return {
    prob: new Float32Array(n),
    logprob: new Float32Array(n),
    rank: new Int32Array(n),
    entropy: new Float32Array(n),
    topkIds: new Int32Array(n * k),
    topkProbs: new Float32Array(n * k),
  };
}

/**
 * Causal rows: texts longer than the context are scored with a sliding
 * window, so that every token is predicted with at least half a context of
 * history and nothing is silently truncated (the strided evaluation of
 * Hugging Face's perplexity guide).
 */
export function causalRows(doc: number, ids: Int32Array, bos: number, ctx: number): Row[] {
  const seq = new Int32Array(ids.length + 1);
  seq[0] = bos;
  seq.set(ids, 1);
  const L = ids.length; // positions 1..L are scored
  if (L === 0) return [];
  const rows: Row[] = [];
  const stride = Math.max(1, Math.floor(ctx / 2));
  let b = Math.min(ctx, L);
  rows.push({ doc, input: seq.subarray(0, b), from: 1, to: b, offset: 0 });
  while (b < L) {
    const nb = Math.min(b + stride, L);
    const a = Math.max(0, nb - ctx);
    rows.push({ doc, input: seq.subarray(a, nb), from: b + 1, to: nb, offset: a });
    b = nb;
  }
  return rows;
}

/**
 * Masked rows: every token is masked in its own row, so no token is ever
 * scored while the model can see it.  Long texts use a window of the
 * context length centred on the masked token.
 */
export function maskedRows(doc: number, ids: Int32Array, m: Model): Row[] {
  const W = m.contextLength - 2;
  const n = ids.length;
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const w = n <= W ? 0 : Math.max(0, Math.min(i - Math.floor(W / 2), n - W));
    const len = Math.min(W, n);
    const input = new Int32Array(len + 2);
    input[0] = m.clsId!;
    input.set(ids.subarray(w, w + len), 1);
    input[len + 1] = m.sepId!;
    input[i - w + 1] = m.maskId!;
    rows.push({ doc, input, from: i - w + 1, to: i, offset: w });
  }
  return rows;
}

/** Group rows of similar length into batches of at most maxTokens padded tokens. */
export function batchRows(rows: Row[], maxTokens: number): Row[][] {
  const sorted = rows.slice().sort((x, y) => y.input.length - x.input.length || x.doc - y.doc);
  const batches: Row[][] = [];
  let cur: Row[] = [];
  let width = 0;
  for (const r of sorted) {
    const w = Math.max(width, r.input.length);
    if (cur.length && w * (cur.length + 1) > maxTokens) {
      batches.push(cur);
      cur = [];
      width = 0;
    }
    cur.push(r);
    width = Math.max(width, r.input.length);
  }
  if (cur.length) batches.push(cur);
  return batches;
}

/** Empty past_key_values tensors, shaped from the session's input metadata. */
function pastFeeds(m: Model, B: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const meta = (m.session as unknown as { inputMetadata?: readonly { name: string; isTensor: boolean; shape?: readonly (number | string)[] }[] }).inputMetadata ?? [];
  const cfg = m.config;
  const heads = Number(cfg.num_key_value_heads ?? cfg.n_head ?? cfg.num_attention_heads ?? 1);
  const hidden = Number(cfg.n_embd ?? cfg.hidden_size ?? 0);
  const headDim = Number(cfg.head_dim ?? (hidden && heads ? hidden / Number(cfg.n_head ?? cfg.num_attention_heads ?? heads) : 0));
  for (const name of m.inputNames) {
    if (!name.startsWith("past_key_values.")) continue;
    const md = meta.find((x) => x.name === name);
    let dims: number[];
    if (md?.isTensor && md.shape && md.shape.length === 4) {
      dims = md.shape.map((d, i) => (typeof d === "number" ? d : i === 0 ? B : d === "batch_size" ? B : 0));
      dims[0] = B;
      dims[2] = 0;
    } else {
      dims = [B, heads, 0, headDim];
    }
    feeds[name] = new ort.Tensor("float32", new Float32Array(0), dims);
  }
  if (m.inputNames.includes("use_cache_branch")) feeds.use_cache_branch = new ort.Tensor("bool", Uint8Array.of(0), [1]);
  return feeds;
}

/**
 * The inputs of one forward pass: right-padded ids, the attention mask,
 * positions, token types and empty past tensors, as the session declares
 * them.
 */
export function forwardFeeds(m: Model, batch: readonly Row[]): Record<string, ort.Tensor> {
  const B = batch.length;
  const T = batch[0].input.length;
  const ids = int64Array(B * T);
  const mask = int64Array(B * T);
  for (let r = 0; r < B; r++) {
    const inp = batch[r].input;
    for (let j = 0; j < T; j++) {
      setInt64(ids.words, r * T + j, j < inp.length ? inp[j] : m.padId);
      if (j < inp.length) setInt64(mask.words, r * T + j, 1);
    }
  }
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor("int64", ids.data, [B, T]),
  };
  if (m.inputNames.includes("attention_mask")) feeds.attention_mask = new ort.Tensor("int64", mask.data, [B, T]);
  if (m.inputNames.includes("position_ids")) {
    // Right padding: real tokens sit at 0..len-1; pads repeat the last position.
    const pos = int64Array(B * T);
    for (let r = 0; r < B; r++) {
      const len = batch[r].input.length;
      for (let j = 0; j < T; j++) setInt64(pos.words, r * T + j, Math.min(j, len - 1));
    }
    feeds.position_ids = new ort.Tensor("int64", pos.data, [B, T]);
  }
  if (m.inputNames.includes("token_type_ids")) feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(B * T), [B, T]);
  Object.assign(feeds, pastFeeds(m, B));
  return feeds;
}

function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw new LmdiffError("cancelled", "cancelled", 499);
}

/**
 * Tokens per forward pass by default: about 4 MB of logits (256 tokens for
 * a 4k vocabulary), but never less than one full context.  The statistics
 * fused into the graph stream over the logits several times, so they run
 * fastest while the logits stay in cache: profiled per operator in one
 * onnxruntime thread, model plus statistics took 631 ms at 256 tokens per
 * pass, 691 ms at 1,024 and 815 ms at 2,048 for the same 300 texts.
 */
export function defaultBatchTokens(m: Model): number {
  return Math.max(m.contextLength, Math.min(8192, Math.floor(2 ** 22 / (4 * m.vocabSize))));
}

/**
 * Score every token of every text with one model: probability, log
 * probability, rank, entropy and top-k of the actual token at each
 * position.  `docs` are token ids without special tokens; the result has
 * one TokenScores per doc, aligned with its ids.
 */
export async function scoreTexts(m: Model, docs: Int32Array[], opts: ScoreOptions = {}): Promise<TokenScores[]> {
  const k = Math.min(opts.k ?? 10, m.vocabSize);
  const maxTokens = opts.batchTokens ?? defaultBatchTokens(m);
  const out = docs.map((d) => emptyScores(d.length, k));
  const rows: Row[] = [];
  if (m.kind === "causal") {
    if (m.bosId === null) throw new LmdiffError(`${m.name}: no BOS or EOS token to start a text with`, "unsupported-model");
    docs.forEach((d, i) => rows.push(...causalRows(i, d, m.bosId!, m.contextLength)));
  } else {
    docs.forEach((d, i) => rows.push(...maskedRows(i, d, m)));
  }
  const batches = batchRows(rows, maxTokens);
  // A pool of workers pays off once a job has a few thousand tokens; a
  // sentence stays on the main thread (starting workers costs more than it saves).
  const padded = batches.reduce((s, b) => s + b.length * b[0].input.length, 0);
  const pool = padded >= POOL_MIN_TOKENS ? await m.scorerPool() : null;
  const store = (batch: Row[], s: StatsResult) => {
    const T = batch[0].input.length;
    const ids = int64Words(s.topkIds);
    let scored = 0;
    for (let r = 0; r < batch.length; r++) {
      const row = batch[r];
      if (m.kind === "masked") put(out[row.doc], row.to, s, ids, r, k);
      else for (let t = row.from; t <= row.to; t++) put(out[row.doc], t - 1, s, ids, r * T + (t - row.offset - 1), k);
      scored += m.kind === "masked" ? 1 : row.to - row.from + 1;
    }
    opts.onTokens?.(scored);
  };
  if (!pool) {
    for (const batch of batches) {
      checkAbort(opts.signal);
      store(batch, await m.runJob(scoreJob(m, batch, docs, k)));
    }
    return out;
  }
  // Keep every worker fed; results are stored as they come back.
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (next < batches.length && failure === null) {
      if (opts.signal?.aborted) return;
      const batch = batches[next++];
      try {
        store(batch, await pool.run(scoreJob(m, batch, docs, k)));
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(pool.capacity, batches.length) }, lane));
  if (failure !== null) throw failure;
  checkAbort(opts.signal);
  return out;
}

/** Padded tokens from which scoreTexts hands the work to the model's ScorerPool. */
const POOL_MIN_TOKENS = 4096;

/** The forward pass and statistics of one batch, as plain data (see ScoreJob). */
function scoreJob(m: Model, batch: Row[], docs: Int32Array[], k: number): ScoreJob {
  const B = batch.length;
  const T = batch[0].input.length;
  const feeds = Object.fromEntries(Object.entries(forwardFeeds(m, batch)).map(([n, t]) => [n, toSpec(t)]));
  if (m.kind === "masked") {
    const pick = new Int32Array(B);
    const targets = int64Array(B);
    for (let r = 0; r < B; r++) {
      pick[r] = r * T + batch[r].from;
      setInt64(targets.words, r, docs[batch[r].doc][batch[r].to]);
    }
    return { feeds, fused: false, pick, targets: targets.data, k };
  }
  // Every (row, position) is a statistics row; only the ones kept get a real target.
  const targets = int64Array(B * T);
  for (let r = 0; r < B; r++) {
    const row = batch[r];
    for (let t = row.from; t <= row.to; t++) setInt64(targets.words, r * T + (t - row.offset - 1), docs[row.doc][t - 1]);
  }
  if (!m.fused) return { feeds, fused: false, targets: targets.data, k };
  feeds[FUSED_PREFIX + "target"] = { type: "int64", data: targets.data, dims: [B, T, 1] };
  feeds[FUSED_PREFIX + "k"] = { type: "int64", data: BigInt64Array.of(BigInt(k)), dims: [1] };
  return { feeds, fused: true, k };
}

/** Store one scored row; `ids` are the 32-bit words of s.topkIds (see int64). */
function put(dst: TokenScores, i: number, s: StatsResult, ids: Int32Array, row: number, k: number) {
  const lp = s.logprob[row];
  dst.logprob[i] = lp;
  dst.prob[i] = Math.exp(lp);
  dst.rank[i] = s.above[row] + 1;
  dst.entropy[i] = s.entropy[row];
  for (let j = 0; j < k; j++) {
    dst.topkIds[i * k + j] = ids[2 * (row * k + j)];
    dst.topkProbs[i * k + j] = Math.exp(s.topkLogprob[row * k + j]);
  }
}
