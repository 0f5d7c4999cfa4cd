import type { InstanceData } from "../core/InstanceData.js";
import { instanceToJSON, type InstanceJSON } from "../core/instanceJson.js";
import { computeMeasure, MEASURE_INFO, winner, type Measure } from "../core/measures.js";
import { maybeMeasure } from "../core/options.js";

/** One row of InstanceComparison.toArray(): a token with both models' numbers. */
export interface TokenRow {
  i: number;
  token: string;
  id: number;
  prob_1: number;
  prob_2: number;
  rank_1: number;
  rank_2: number;
  logprob_1: number;
  logprob_2: number;
  entropy_1: number;
  entropy_2: number;
  topk_1: { token: string; id: number; prob: number }[];
  topk_2: { token: string; id: number; prob: number }[];
}

/**
 * The token-level comparison of one text by two models.  Holds InstanceData
 * (the numbers), and gives per-token measures, rows, a summary and JSON.
 * Display methods (notebook bundles, SVG, HTML) are added by the notebook
 * layer, which builds on this class.
 */
export class InstanceComparison {
  constructor(readonly data: InstanceData) {}

  get length(): number {
    return this.data.tokens.length;
  }

  /** One value per token of a measure (model 2 minus model 1 for differences). */
  measure(name: Measure): Float64Array {
    const m = maybeMeasure(name);
    return computeMeasure(m, this.data.m1, this.data.m2, this.data.k, this.data.maxClampRank);
  }

  /** Tokens each model wins under a measure, and ties. */
  wins(name: Measure = "prob_diff"): { model1: number; model2: number; tie: number } {
    const v = this.measure(name);
    const c = { model1: 0, model2: 0, tie: 0 };
    for (const x of v) {
      const w = winner(name, x);
      if (w === 1) c.model1++;
      else if (w === 2) c.model2++;
      else c.tie++;
    }
    return c;
  }

  toArray(): TokenRow[] {
    const d = this.data;
    const k = d.k;
    const top = (s: InstanceData["m1"], i: number) =>
      Array.from({ length: k }, (_, j) => ({ token: d.vocab[s.topkIds[i * k + j]], id: s.topkIds[i * k + j], prob: s.topkProbs[i * k + j] }));
    return d.tokens.map((token, i) => ({
      i,
      token,
      id: d.tokenIds[i],
      prob_1: d.m1.prob[i],
      prob_2: d.m2.prob[i],
      rank_1: d.m1.rank[i],
      rank_2: d.m2.rank[i],
      logprob_1: d.m1.logprob[i],
      logprob_2: d.m2.logprob[i],
      entropy_1: d.m1.entropy[i],
      entropy_2: d.m2.entropy[i],
      topk_1: top(d.m1, i),
      topk_2: top(d.m2, i),
    }));
  }

  /** A one-paragraph summary: models, length, mean of the measure and who wins. */
  summary(measure: Measure = "prob_diff"): string {
    const [a, b] = this.data.models;
    const v = this.measure(measure);
    const mean = v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
    const w = this.wins(measure);
    const mean1 = this.data.m1.logprob.reduce((s, x) => s + x, 0) / Math.max(1, this.length);
    const mean2 = this.data.m2.logprob.reduce((s, x) => s + x, 0) / Math.max(1, this.length);
    return (
      `lmdiff: ${a.name} (model 1) vs ${b.name} (model 2) on one text of ${this.length} tokens. ` +
      `Mean ${MEASURE_INFO[measure].label} ${mean.toFixed(4)}; ` +
      (MEASURE_INFO[measure].model1BetterWhen === "none" ? "" : `model 1 does better on ${w.model1} tokens, model 2 on ${w.model2}, ${w.tie} tie; `) +
      `perplexity ${Math.exp(-mean1).toFixed(1)} vs ${Math.exp(-mean2).toFixed(1)}.`
    );
  }

  toJSON(): InstanceJSON {
    return instanceToJSON(this.data);
  }
}
