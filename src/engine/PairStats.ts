import * as os from "node:os";
import * as ort from "onnxruntime-node";
import type { PairScores } from "../core/measures.js";
import { PAIR_OUTPUTS, pairStatsGraph } from "./pairStatsGraph.js";

/**
 * One model's distributions for a joint scoring pass: `rows` rows of width
 * `vocab`, log-softmax (`normalized`) or raw logits.
 */
export interface Distributions {
  data: Float32Array;
  rows: number;
  vocab: number;
  normalized: boolean;
}

/**
 * The joint measures' session (see pairStatsGraph): one per thread and
 * per kind of input (log-softmax or logits on either side), created on
 * first use.
 */
export class PairStats {
  private static readonly shared = new Map<string, Promise<PairStats>>();

  private constructor(private readonly session: ort.InferenceSession) {}

  static get(normalized: [boolean, boolean], threads = os.availableParallelism()): Promise<PairStats> {
    const key = `${normalized.join(",")}/${threads}`;
    let s = PairStats.shared.get(key);
    if (!s) {
      s = ort.InferenceSession.create(pairStatsGraph(normalized), {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: "all",
      }).then((session) => new PairStats(session));
      PairStats.shared.set(key, s);
    }
    return s;
  }

  /**
   * The joint measures at N scored tokens: token n is row pick1[n] of a
   * and row pick2[n] of b.  Tokens go through the graph in chunks of about
   * 2 MB of one model's rows, so that each operator works in cache (as the
   * single-model statistics do; see Stats.run).
   */
  async run(a: Distributions, pick1: Int32Array, b: Distributions, pick2: Int32Array): Promise<PairScores> {
    const n = pick1.length;
    const out = { kl: new Float32Array(n), kl_reverse: new Float32Array(n), js: new Float32Array(n), tv: new Float32Array(n) };
    const chunk = Math.max(16, Math.min(512, Math.floor(2 ** 21 / (4 * a.vocab))));
    for (let s = 0; s < n; s += chunk) {
      const e = Math.min(n, s + chunk);
      // Only the rows this chunk reads go in: onnxruntime copies its inputs,
      // and a pass of a 50k-vocabulary model holds tens of megabytes of them.
      const [in1, p1] = rowSpan(a, pick1.subarray(s, e));
      const [in2, p2] = rowSpan(b, pick2.subarray(s, e));
      const r = await this.session.run({ dist_1: in1, pick_1: p1, dist_2: in2, pick_2: p2 });
      for (const m of PAIR_OUTPUTS) out[m].set(r[m].data as Float32Array, s);
    }
    return out;
  }
}

/** The rows [min(pick), max(pick)] of d as a tensor (a view, no copy here), and the picks relative to its first row. */
function rowSpan(d: Distributions, pick: Int32Array): [ort.Tensor, ort.Tensor] {
  let lo = Infinity;
  let hi = -1;
  for (const r of pick) {
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  if (lo < 0 || hi >= d.rows) throw new Error(`joint measures: row ${lo < 0 ? lo : hi} outside the ${d.rows} rows of a pass`);
  const rows = new ort.Tensor("float32", d.data.subarray(lo * d.vocab, (hi + 1) * d.vocab), [hi - lo + 1, d.vocab]);
  const rel = new BigInt64Array(pick.length);
  for (let i = 0; i < pick.length; i++) rel[i] = BigInt(pick[i] - lo);
  return [rows, new ort.Tensor("int64", rel, [pick.length])];
}
