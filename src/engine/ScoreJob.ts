import * as ort from "onnxruntime-node";
import { float32Logits, Stats, type StatsResult } from "./Stats.js";
import { FUSED_PREFIX } from "./statsGraph.js";

/** A tensor as plain data, so that it can cross to a worker thread. */
export interface TensorSpec {
  type: "int64" | "bool" | "float32";
  data: BigInt64Array | Uint8Array | Float32Array;
  dims: number[];
}

/**
 * One forward pass and the scoring statistics of its rows.  Built on the
 * main thread (scoreTexts) and run there or in a worker (ScorerPool) by
 * runScoreJob: both paths run exactly this code.
 */
export interface ScoreJob {
  feeds: Record<string, TensorSpec>;
  /**
   * The model's graph computes the statistics itself (see statsGraph): the
   * feeds then carry the targets and k, and logits never leave
   * onnxruntime.
   */
  fused: boolean;
  /**
   * Unfused only: the flat (batch × position) logits rows to score, one per
   * target; absent = every row.
   */
  pick?: Int32Array;
  /** Unfused only: one target id per scored row. */
  targets?: BigInt64Array;
  k: number;
  /**
   * Also return the pass's distributions (joint scoring, see PairStats):
   * the fused graph's log-softmax (lmdiff_lsm) or an unfused model's
   * logits.  They stay onnxruntime's buffers, handed to the joint
   * measures' graph; no JavaScript loop reads them.
   */
  distribution?: boolean;
}

export const FUSED_OUTPUTS = ["target_logprob", "above", "entropy", "topk_logprob", "topk_ids"].map((n) => FUSED_PREFIX + n);

export function toSpec(t: ort.Tensor): TensorSpec {
  return { type: t.type as TensorSpec["type"], data: t.data as TensorSpec["data"], dims: [...t.dims] };
}

function toTensor(s: TensorSpec): ort.Tensor {
  return new ort.Tensor(s.type, s.data, s.dims);
}

/** Run one ScoreJob on a session; the statistics session is this thread's own. */
export async function runScoreJob(session: ort.InferenceSession, job: ScoreJob, statsThreads?: number): Promise<StatsResult> {
  const feeds = Object.fromEntries(Object.entries(job.feeds).map(([n, s]) => [n, toTensor(s)]));
  if (job.fused) {
    const lsm = FUSED_PREFIX + "lsm";
    const r = await session.run(feeds, job.distribution ? [...FUSED_OUTPUTS, lsm] : FUSED_OUTPUTS);
    const out: StatsResult = {
      logprob: r[FUSED_OUTPUTS[0]].data as Float32Array,
      above: r[FUSED_OUTPUTS[1]].data as Float32Array,
      entropy: r[FUSED_OUTPUTS[2]].data as Float32Array,
      topkLogprob: r[FUSED_OUTPUTS[3]].data as Float32Array,
      topkIds: r[FUSED_OUTPUTS[4]].data as BigInt64Array,
    };
    if (job.distribution) {
      const dims = r[lsm].dims;
      const vocab = dims[dims.length - 1];
      out.dist = { data: r[lsm].data as Float32Array, rows: r[lsm].size / vocab, vocab, normalized: true };
    }
    return out;
  }
  const result = await session.run(feeds, ["logits"]);
  try {
    const [B, T, V] = result.logits.dims;
    // fp16 models give float16 logits (see float32Logits).
    const data = result.logits.data as Float32Array | Uint16Array;
    const logits = data instanceof Float32Array ? data : float32Logits(data);
    const stats = await Stats.get(statsThreads);
    const targets = job.targets!;
    const dist = job.distribution ? { dist: { data: logits, rows: B * T, vocab: V, normalized: false } } : {};
    if (!job.pick) return { ...(await stats.run(logits, B * T, V, targets, job.k)), ...dist };
    // Masked models: only one (masked) position per row is scored.
    const picked = new Float32Array(job.pick.length * V);
    for (let r = 0; r < job.pick.length; r++) picked.set(logits.subarray(job.pick[r] * V, (job.pick[r] + 1) * V), r * V);
    return { ...(await stats.run(picked, job.pick.length, V, targets, job.k)), ...dist };
  } finally {
    // The logits stay alive while the caller computes the joint measures.
    if (!job.distribution) result.logits.dispose?.();
  }
}
