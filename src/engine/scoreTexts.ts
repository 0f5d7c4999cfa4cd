import type { TokenScores } from "../core/measures.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { batchRows } from "./batchRows.js";
import { batchScoreJob } from "./batchScoreJob.js";
import { causalRows } from "./causalRows.js";
import { maskedRows } from "./maskedRows.js";
import type { Model } from "./Model.js";
import type { Row } from "./Row.js";
import type { StatsResult } from "./Stats.js";
import { emptyScores, storeScores } from "./storeScores.js";

export interface ScoreOptions {
  /** Size of the recorded top-k lists (default 10). */
  k?: number;
  /**
   * Upper bound on tokens per forward pass (rows × padded length); the
   * model's scoringPlan (its default and memory bound) caps it.
   */
  batchTokens?: number;
  signal?: AbortSignal;
  /** Called after each batch with the number of tokens scored in it. */
  onTokens?: (n: number) => void;
}

/** Padded tokens from which scoreTexts hands the work to the model's ScorerPool. */
const POOL_MIN_TOKENS = 4096;

/**
 * Score every token of every text with one model: probability, log
 * probability, rank, entropy and top-k of the actual token at each
 * position.  `docs` are token ids without special tokens; the result has
 * one TokenScores per doc, aligned with its ids.
 *
 * The texts are cut into forward-pass rows (causalRows or maskedRows),
 * the rows grouped into batches (batchRows), and each batch run as one
 * ScoreJob (batchScoreJob) on the main thread or on the model's worker
 * pool; the results are stored as they come back (storeScores).
 */
export async function scoreTexts(m: Model, docs: Int32Array[], opts: ScoreOptions = {}): Promise<TokenScores[]> {
  const k = Math.min(opts.k ?? 10, m.vocabSize);
  const plan = m.scoringPlan;
  const remote = m.remoteScoring;
  if (remote) {
    // The same rows as local scoring, each sent as a prompt (see RemoteScorer).
    const out = docs.map((d) => emptyScores(d.length, k, !remote.facts.entropyExact));
    checkAbort(opts.signal);
    await remote.score(textRows(m, docs, plan.window, false), docs, out, k, m.bosId!, opts.onTokens, opts.signal);
    return out;
  }
  // A graph whose numbers depend on the whole pass gets one row per pass
  // (batchRows gives a row longer than the budget a batch of its own).
  const batchTokens = m.batchIndependent ? Math.min(opts.batchTokens ?? plan.batchTokens, plan.maxTokens) : 1;
  const batches = batchRows(textRows(m, docs, plan.window), batchTokens);
  const out = docs.map((d) => emptyScores(d.length, k));
  const store = (batch: Row[], s: StatsResult) => {
    const stored = storeScores(out, m.kind, batch, s, k);
    opts.onTokens?.(stored);
  };
  const job = (batch: Row[]) => batchScoreJob(m, batch, docs, k);
  // A pool of workers pays off once a job has a few thousand tokens; a
  // sentence stays on the main thread (starting workers costs more than it saves).
  const padded = batches.reduce((s, b) => s + b.length * b[0].input.length, 0);
  const pool = padded >= POOL_MIN_TOKENS ? await m.scorerPool() : null;
  if (pool) {
    await runLanes(batches, pool.capacity, async (batch) => store(batch, await pool.run(job(batch))), opts.signal);
    // The lanes stop at a cancellation without an error of their own.
    checkAbort(opts.signal);
    return out;
  }
  for (const batch of batches) {
    checkAbort(opts.signal);
    store(batch, await m.runJob(job(batch)));
  }
  return out;
}

/**
 * The forward-pass rows of every text, by the model's kind; `whole` feeds
 * causal rows whole (see causalRows), as graphs whose numbers depend on
 * the pass need.  Joint scoring (scorePair) builds both models' rows here
 * with a common window and `whole`, so that they line up.
 */
export function textRows(m: Model, docs: Int32Array[], window: number, whole = !m.batchIndependent): Row[] {
  const rows: Row[] = [];
  if (m.kind === "masked") {
    const windowed = { contextLength: window, clsId: m.clsId, sepId: m.sepId, maskId: m.maskId };
    docs.forEach((d, i) => rows.push(...maskedRows(i, d, windowed)));
    return rows;
  }
  const bos = m.bosId;
  if (bos === null) throw new LmdiffError(`${m.name}: no BOS or EOS token to start a text with`, "unsupported-model");
  docs.forEach((d, i) => rows.push(...causalRows(i, d, bos, window, whole)));
  return rows;
}

/**
 * Run `work` on every item with `lanes` of them in flight, each lane taking
 * the next item when its last one is done (so a worker pool stays fed).
 * The first failure stops the lanes and is thrown once all of them have
 * settled; a cancellation stops them before their next item, without an
 * error of its own (the caller checks the signal).
 */
export async function runLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  // The first failure, in a list so that even a thrown null or undefined counts.
  const failures: unknown[] = [];
  const lane = async () => {
    while (next < items.length && failures.length === 0) {
      if (signal?.aborted) return;
      const item = items[next++];
      try {
        await work(item);
      } catch (e) {
        if (failures.length === 0) failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  if (failures.length > 0) throw failures[0];
}

/** An lmdiff "cancelled" error when the signal was aborted. */
export function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw new LmdiffError("cancelled", "cancelled", 499);
}
