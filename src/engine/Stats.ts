import * as os from "node:os";
import * as ort from "onnxruntime-node";
import type { Distributions } from "./PairStats.js";
import { statsGraph } from "./statsGraph.js";

/** What the statistics graph gives per scored row. */
export interface StatsResult {
  logprob: Float32Array;
  /** Entries with a strictly larger logit than the target; rank = above + 1. */
  above: Float32Array;
  entropy: Float32Array;
  topkLogprob: Float32Array;
  topkIds: BigInt64Array;
  /** The pass's distributions, when the job asked for them (joint scoring; see ScoreJob.distribution). */
  dist?: Distributions;
}

/**
 * The scoring statistics session (see statsGraph): one per process, shared
 * by every model, created on first use.
 */
export class Stats {
  private static shared?: Promise<Stats>;

  private constructor(private readonly session: ort.InferenceSession) {}

  static get(threads = os.availableParallelism()): Promise<Stats> {
    Stats.shared ??= ort.InferenceSession.create(statsGraph(), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    }).then((s) => new Stats(s));
    return Stats.shared;
  }

  /**
   * Statistics of `rows` logit rows of width `vocab`, against one target id
   * per row.  Rows go through the graph in chunks of about 2 MB of logits:
   * each operator then works in cache, which measured three to five times
   * faster per entry than one pass over a whole batch (bench/engine.bench.ts).
   * fp16 models' logits (onnxruntime gives float16 as the raw bits in a
   * Uint16Array, or a Float16Array where the runtime has one) are widened
   * to float32 first, as the fused path's Cast does.
   */
  async run(logits: Float32Array | Uint16Array, rows: number, vocab: number, targets: BigInt64Array, k: number): Promise<StatsResult> {
    if (!(logits instanceof Float32Array)) return this.run(float32Logits(logits), rows, vocab, targets, k);
    const chunk = Math.max(16, Math.min(512, Math.floor(2 ** 21 / (4 * vocab))));
    if (rows <= chunk) return this.runChunk(logits.subarray(0, rows * vocab), rows, vocab, targets.subarray(0, rows), k);
    const out: StatsResult = {
      logprob: new Float32Array(rows),
      above: new Float32Array(rows),
      entropy: new Float32Array(rows),
      topkLogprob: new Float32Array(rows * k),
      topkIds: new BigInt64Array(rows * k),
    };
    for (let r = 0; r < rows; r += chunk) {
      const n = Math.min(chunk, rows - r);
      const s = await this.runChunk(logits.subarray(r * vocab, (r + n) * vocab), n, vocab, targets.subarray(r, r + n), k);
      out.logprob.set(s.logprob, r);
      out.above.set(s.above, r);
      out.entropy.set(s.entropy, r);
      out.topkLogprob.set(s.topkLogprob, r * k);
      out.topkIds.set(s.topkIds, r * k);
    }
    return out;
  }

  private async runChunk(logits: Float32Array, rows: number, vocab: number, targets: BigInt64Array, k: number): Promise<StatsResult> {
    const r = await this.session.run({
      logits: new ort.Tensor("float32", logits, [rows, vocab]),
      target: new ort.Tensor("int64", targets, [rows, 1]),
      k: new ort.Tensor("int64", BigInt64Array.of(BigInt(k)), [1]),
    });
    return {
      logprob: r.target_logprob.data as Float32Array,
      above: r.above.data as Float32Array,
      entropy: r.entropy.data as Float32Array,
      topkLogprob: r.topk_logprob.data as Float32Array,
      topkIds: r.topk_ids.data as BigInt64Array,
    };
  }
}

/** float32 copies of float16 logits: raw IEEE half bits (Uint16Array) or a Float16Array-like array of numbers. */
export function float32Logits(data: ArrayLike<number>): Float32Array {
  if (!(data instanceof Uint16Array)) return Float32Array.from(data);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = halfToFloat(data[i]);
  return out;
}

/** The value of an IEEE 754 half-precision number given as its 16 bits. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
