import { LmdiffError } from "../core/LmdiffError.js";
import type { PairScores, TokenScores } from "../core/measures.js";
import { batchRows } from "./batchRows.js";
import { batchScoreJob } from "./batchScoreJob.js";
import type { Model } from "./Model.js";
import { PairStats } from "./PairStats.js";
import type { Row } from "./Row.js";
import { checkAbort, runLanes, textRows, type ScoreOptions } from "./scoreTexts.js";
import { emptyScores, storeScores } from "./storeScores.js";

/** Both models' scores of some texts and their joint measures, one entry per text. */
export interface PairResult {
  s1: TokenScores[];
  s2: TokenScores[];
  pair: PairScores[];
}

/** Padded tokens from which a joint run hands the forward passes to the models' worker pools (as scoreTexts does). */
const POOL_MIN_TOKENS = 4096;

/**
 * Why two models cannot be scored jointly, or null when they can.  The joint
 * measures compare the two distributions over the same next (or masked)
 * token given the same context: both models must be of the same kind (a
 * masked model's distribution conditions on both sides of the token, a
 * causal model's on the left only) and give distributions over the same
 * vocabulary (their logits the same width).
 */
export function jointScoringProblem(a: Model, b: Model): string | null {
  const remote = a.remote ? a : b.remote ? b : null;
  if (remote) return `${remote.name} is scored by a remote server, which gives its top-k only: KL, JS and TV need both full distributions`;
  if (a.kind !== b.kind)
    return `${a.name} is a ${a.kind} model and ${b.name} a ${b.kind} one: their distributions condition on different context, so KL, JS and TV between them are not defined here`;
  if (a.fingerprint !== b.fingerprint)
    return `${a.name} and ${b.name} have different tokenizers, so they are compared on bytes: KL, JS and TV need both distributions over one vocabulary, token by token`;
  if (a.vocabSize !== b.vocabSize)
    return `${a.name} and ${b.name} give distributions over ${a.vocabSize} and ${b.vocabSize} tokens: KL, JS and TV need the same vocabulary`;
  return null;
}

/**
 * Score texts with two models together: each model's usual statistics
 * (probability, rank, entropy, top-k of the actual token) and, at every
 * token, the joint measures over the whole vocabulary (KL both ways, JS,
 * TV; see PairStats), which need both full distributions at once.
 *
 * Both models run the same forward-pass rows (the shorter of their
 * windows; one text per pass for both when either graph's numbers depend
 * on the pass, see Model.batchIndependent), so that their distributions
 * line up token by token.  Each pass's distributions go from one
 * onnxruntime session to the joint measures' session as onnxruntime
 * buffers, never through a JavaScript loop.  A pass holds two models'
 * distributions and the joint graph's work tensors, so passes are half the
 * size the models' memory plans allow one model.
 */
export async function scorePair(m1: Model, m2: Model, docs: Int32Array[], opts: ScoreOptions = {}): Promise<PairResult> {
  const problem = jointScoringProblem(m1, m2);
  if (problem) throw new LmdiffError(problem, "incompatible-models");
  const k = Math.min(opts.k ?? 10, m1.vocabSize, m2.vocabSize);
  const [p1, p2] = [m1.scoringPlan, m2.scoringPlan];
  const window = Math.min(p1.window, p2.window);
  const whole = !m1.batchIndependent || !m2.batchIndependent;
  // The preferred pass size, within half of either model's memory bound.
  const budget = Math.max(
    1,
    Math.min(opts.batchTokens ?? Infinity, p1.batchTokens, p2.batchTokens, Math.floor(Math.min(p1.maxTokens, p2.maxTokens) / 2)),
  );
  const batchTokens = whole ? 1 : budget;
  const rows1 = textRows(m1, docs, window, whole);
  const rows2 = textRows(m2, docs, window, whole);
  const partner = new Map(rows1.map((r, i) => [r, rows2[i]]));
  const batches = batchRows(rows1, batchTokens).map((b) => [b, b.map((r) => partner.get(r)!)] as const);
  const out: PairResult = {
    s1: docs.map((d) => emptyScores(d.length, k)),
    s2: docs.map((d) => emptyScores(d.length, k)),
    pair: docs.map((d) => ({
      kl: new Float32Array(d.length),
      kl_reverse: new Float32Array(d.length),
      js: new Float32Array(d.length),
      tv: new Float32Array(d.length),
    })),
  };
  const padded = batches.reduce((s, [b]) => s + b.length * b[0].input.length, 0);
  const [pool1, pool2] = padded >= POOL_MIN_TOKENS ? await Promise.all([m1.scorerPool(), m2.scorerPool()]) : [null, null];
  const run1 = (job: ReturnType<typeof batchScoreJob>) => (pool1 ? pool1.run(job) : m1.runJob(job));
  const run2 = (job: ReturnType<typeof batchScoreJob>) => (pool2 ? pool2.run(job) : m2.runJob(job));
  const runBatch = async (b1: readonly Row[], b2: readonly Row[]) => {
    const job1 = { ...batchScoreJob(m1, b1, docs, k), distribution: true };
    const job2 = { ...batchScoreJob(m2, b2, docs, k), distribution: true };
    // With worker pools the two passes run in parallel; on the main thread one after the other.
    const [r1, r2] = pool1 || pool2 ? await Promise.all([run1(job1), run2(job2)]) : [await run1(job1), await run2(job2)];
    // With worker pools, several batches' joint graphs run at once (one
    // thread each, as the pools' sessions); alone, the graph takes every core.
    const stats = await PairStats.get([r1.dist!.normalized, r2.dist!.normalized], pool1 || pool2 ? 1 : undefined);
    const pair = await stats.run(r1.dist!, distRows(m1, b1), r2.dist!, distRows(m2, b2));
    storeScores(out.s1, m1.kind, b1, r1, k);
    const n = storeScores(out.s2, m2.kind, b2, r2, k);
    storePair(out.pair, m1.kind, b1, pair);
    opts.onTokens?.(n);
  };
  if (pool1 || pool2) {
    // As many batches in flight as the smaller pool keeps busy.
    const lanes = Math.min(pool1?.capacity ?? 1, pool2?.capacity ?? 1);
    await runLanes(batches, lanes, ([b1, b2]) => runBatch(b1, b2), opts.signal);
    checkAbort(opts.signal);
    return out;
  }
  for (const [b1, b2] of batches) {
    checkAbort(opts.signal);
    await runBatch(b1, b2);
  }
  return out;
}

/**
 * Which row of a pass's distributions holds each scored token, in the order
 * storeScores stores them: causal passes give [rows × positions, V] and
 * score positions [from, to] of each row; masked ones score one position
 * per row, which a fused graph has already gathered ([rows, V]).
 */
function distRows(m: Model, batch: readonly Row[]): Int32Array {
  const T = batch[0].input.length;
  if (m.kind === "masked") return Int32Array.from(batch, (row, r) => (m.fused ? r : r * T + row.from));
  const picks: number[] = [];
  batch.forEach((row, r) => {
    for (let t = row.from; t <= row.to; t++) picks.push(r * T + (t - row.offset - 1));
  });
  return Int32Array.from(picks);
}

/** Store a pass's joint measures into its texts' arrays, token by token as distRows ordered them. */
function storePair(out: PairScores[], kind: Model["kind"], batch: readonly Row[], s: PairScores): void {
  let n = 0;
  for (const row of batch) {
    const dst = out[row.doc];
    const [from, to] = kind === "masked" ? [row.to, row.to] : [row.from - 1, row.to - 1];
    for (let i = from; i <= to; i++, n++) {
      dst.kl[i] = s.kl[n];
      dst.kl_reverse[i] = s.kl_reverse[n];
      dst.js[i] = s.js[n];
      dst.tv[i] = s.tv[n];
    }
  }
}
