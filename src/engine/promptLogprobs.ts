import { LmdiffError } from "../core/LmdiffError.js";
import { batchRows } from "./batchRows.js";
import { batchScoreJob } from "./batchScoreJob.js";
import { int64Words } from "./int64.js";
import type { Model } from "./Model.js";
import type { Row } from "./Row.js";

/** A local model's numbers for every position of one prompt (see promptLogprobs). */
export interface PromptLogprobs {
  /** Per position 1..P−1 (entry 0 unused): the prompt token's log-probability, rank (lmdiff's: 1 + strictly larger) and entropy (nats). */
  logprob: Float32Array;
  rank: Int32Array;
  entropy: Float32Array;
  /** Per position 1..P (P: the next token, after the prompt): the top-k, P + 1 rows of k. */
  topkIds: Int32Array;
  topkLogprob: Float32Array;
}

/**
 * What a server needs to answer /v1/completions with prompt_logprobs for a
 * causal model (lmdiff serve): every prompt position's numbers and the
 * prediction after the prompt (its top-1 is the greedy next token).  Each
 * prompt is one forward-pass row fed as it is, scored by the same graph
 * and statistics as local analysis (batchScoreJob, Model.runJob), so a
 * remote cache matches a local one.
 */
export async function promptLogprobs(m: Model, prompts: readonly Int32Array[], k: number, signal?: AbortSignal): Promise<PromptLogprobs[]> {
  if (m.kind !== "causal")
    throw new LmdiffError(`${m.name} is a masked model; prompt log-probabilities need a causal one`, "unsupported-model", 400);
  const rows: Row[] = prompts.map((p, i) => ({ doc: i, input: p, from: 1, to: p.length - 1, offset: 0 }));
  // As targets, the prompt's own tokens: position t of [p0, p1, ...] is p[t], i.e. doc[t − 1].
  const docs = prompts.map((p) => p.subarray(1));
  const out = prompts.map((p) => ({
    logprob: new Float32Array(p.length),
    rank: new Int32Array(p.length),
    entropy: new Float32Array(p.length),
    topkIds: new Int32Array((p.length + 1) * k),
    topkLogprob: new Float32Array((p.length + 1) * k),
  }));
  const plan = m.scoringPlan;
  const batchTokens = m.batchIndependent ? Math.min(plan.batchTokens, plan.maxTokens) : 1;
  for (const batch of batchRows(rows, batchTokens)) {
    if (signal?.aborted) throw new LmdiffError("cancelled", "cancelled", 499);
    const s = await m.runJob(batchScoreJob(m, batch, docs, k));
    const ids = int64Words(s.topkIds);
    const T = batch[0].input.length;
    batch.forEach((row, r) => {
      const o = out[row.doc];
      const P = row.input.length;
      // Logits row j predicts position j + 1; the last (j = P − 1) the token after the prompt.
      for (let j = 0; j < P; j++) {
        const at = r * T + j;
        if (j + 1 < P) {
          o.logprob[j + 1] = s.logprob[at];
          o.rank[j + 1] = s.above[at] + 1;
          o.entropy[j + 1] = s.entropy[at];
        }
        for (let c = 0; c < k; c++) {
          o.topkIds[(j + 1) * k + c] = ids[2 * (at * k + c)];
          o.topkLogprob[(j + 1) * k + c] = s.topkLogprob[at * k + c];
        }
      }
    });
  }
  return out;
}
