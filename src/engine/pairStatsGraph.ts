import { buildModel, ElemType, type InitSpec, type NodeSpec } from "./onnxProto.js";

/** The joint measures' outputs, in the order the graph declares them. */
export const PAIR_OUTPUTS = ["kl", "kl_reverse", "js", "tv"] as const;

/**
 * The joint measures of two models as ONNX operators, over both models'
 * distributions at the same scored tokens: onnxruntime's vectorised
 * kernels on all cores, never a JavaScript loop over the vocabulary.
 *
 * Inputs: `dist_1` [rows_1, V] and `dist_2` [rows_2, V], each a model's
 * log-softmax (`normalized`, as the fused graphs give it: lmdiff_lsm) or
 * raw logits (unfused models), and `pick_1`, `pick_2` [N] (int64): which
 * row of each is the n-th scored token.  Outputs, per scored token [N]:
 *   kl          KL(P₁‖P₂) = Σ p₁ (log p₁ − log p₂), nats;
 *   kl_reverse  KL(P₂‖P₁) = Σ p₂ (log p₂ − log p₁), nats;
 *   js          Jensen–Shannon divergence, bits (0 to 1);
 *   tv          total variation ½ Σ |p₁ − p₂| (0 to 1).
 *
 * Numerics (float32, as the models' own outputs):
 *  - JS is computed from the log-probabilities' difference, not from
 *    probabilities that underflow: with d = log p₁ − log p₂ and m = ½(p₁ +
 *    p₂), log(p₁/m) = ln 2 + log σ(d) and log(p₂/m) = ln 2 + log σ(−d).
 *    Each vocabulary entry's term p₁ log(p₁/m) + p₂ log(p₂/m) is ≥ 0, so
 *    the sum does not cancel (unlike H(M) − ½(H₁ + H₂), a difference of
 *    entropies of several nats).  Where the models agree (d ≈ 0) each
 *    term's error is about an ulp of ln 2 times its probability, so JS
 *    has an absolute error of about 1e−7 bits: ample for a model against
 *    its 8-bit quantization (JS around 1e−4), not for JS below 1e−6.  σ is floored at 1e−38 before
 *    the log: it underflows only where the term's probability is below
 *    e⁻⁸⁷ of the other model's, and contributes nothing either way.
 *    (Written with softplus instead of log σ the graph was 2.5 times
 *    slower: onnxruntime's Softplus is not vectorised; Sigmoid and Log
 *    are.)
 *  - Log-probabilities are floored at −1e30: a logit of −∞ (some exports
 *    mask unused vocabulary entries so) would otherwise give 0 · ∞ = NaN
 *    for an entry that has probability 0 under both models.
 *  - KL and JS cannot be negative; rounding can make a sum of terms of both
 *    signs a few ulps below 0, which Relu clips.
 */
/**
 * The joint measures' nodes (see pairStatsGraph), their names prefixed
 * with `prefix`: over `dist1` and `dist2` (a model's rows × vocabulary,
 * log-softmax when `normalized`, else logits) at the rows `pick1` and
 * `pick2`.  Outputs `${prefix}kl`, `${prefix}kl_reverse`, `${prefix}js`,
 * `${prefix}tv`.
 */
export function pairStatsNodes(o: { prefix: string; dist: [string, string]; pick: [string, string]; normalized: [boolean, boolean] }): {
  nodes: NodeSpec[];
  initializers: InitSpec[];
} {
  const q = (n: string) => o.prefix + n;
  const nodes: NodeSpec[] = [
    { op: "Constant", inputs: [], outputs: [q("floor")], attrs: [{ name: "value_float", f: -1e30 }] },
    { op: "Constant", inputs: [], outputs: [q("ln2")], attrs: [{ name: "value_float", f: Math.LN2 }] },
    { op: "Constant", inputs: [], outputs: [q("tiny")], attrs: [{ name: "value_float", f: 1e-38 }] },
    { op: "Constant", inputs: [], outputs: [q("half")], attrs: [{ name: "value_float", f: 0.5 }] },
    { op: "Constant", inputs: [], outputs: [q("half_per_ln2")], attrs: [{ name: "value_float", f: 0.5 / Math.LN2 }] },
  ];
  for (const side of [1, 2] as const) {
    const s = (n: string) => q(`${n}_${side}`);
    nodes.push({ op: "Gather", inputs: [o.dist[side - 1], o.pick[side - 1]], outputs: [s("rows")], attrs: [{ name: "axis", i: 0 }] });
    let lsm = s("rows");
    if (!o.normalized[side - 1]) {
      nodes.push({ op: "LogSoftmax", inputs: [lsm], outputs: [s("lsm")], attrs: [{ name: "axis", i: -1 }] });
      lsm = s("lsm");
    }
    nodes.push({ op: "Max", inputs: [lsm, q("floor")], outputs: [s("logp")] }, { op: "Exp", inputs: [s("logp")], outputs: [s("p")] });
  }
  const sum = (input: string, output: string): NodeSpec => ({
    op: "ReduceSum",
    inputs: [q(input), q("last_axis")],
    outputs: [q(output)],
    attrs: [{ name: "keepdims", i: 0 }],
  });
  const n = (op: string, inputs: string[], output: string): NodeSpec => ({ op, inputs: inputs.map(q), outputs: [q(output)] });
  nodes.push(
    n("Sub", ["logp_1", "logp_2"], "d"),
    // KL(P₁‖P₂) and KL(P₂‖P₁) = −Σ p₂ d.
    n("Mul", ["p_1", "d"], "kl_terms"),
    sum("kl_terms", "kl_sum"),
    n("Relu", ["kl_sum"], "kl"),
    n("Mul", ["p_2", "d"], "klr_terms"),
    sum("klr_terms", "klr_neg"),
    n("Neg", ["klr_neg"], "klr_sum"),
    n("Relu", ["klr_sum"], "kl_reverse"),
    // JS: ½ Σ [p₁ (ln 2 + log σ(d)) + p₂ (ln 2 + log σ(−d))], in bits.
    n("Sigmoid", ["d"], "sig_pos"),
    n("Neg", ["d"], "neg_d"),
    n("Sigmoid", ["neg_d"], "sig_neg"),
    n("Max", ["sig_pos", "tiny"], "sig_pos_f"),
    n("Max", ["sig_neg", "tiny"], "sig_neg_f"),
    n("Log", ["sig_pos_f"], "log_sig_pos"),
    n("Log", ["sig_neg_f"], "log_sig_neg"),
    n("Add", ["ln2", "log_sig_pos"], "log_p1_m"),
    n("Add", ["ln2", "log_sig_neg"], "log_p2_m"),
    n("Mul", ["p_1", "log_p1_m"], "js_1"),
    n("Mul", ["p_2", "log_p2_m"], "js_2"),
    n("Add", ["js_1", "js_2"], "js_terms"),
    sum("js_terms", "js_sum"),
    n("Mul", ["js_sum", "half_per_ln2"], "js_bits"),
    n("Relu", ["js_bits"], "js"),
    // TV: ½ Σ |p₁ − p₂|.
    n("Sub", ["p_1", "p_2"], "p_diff"),
    n("Abs", ["p_diff"], "p_abs"),
    sum("p_abs", "tv_sum"),
    n("Mul", ["tv_sum", "half"], "tv"),
  );
  return { nodes, initializers: [{ name: q("last_axis"), int64: [-1], dims: [1] }] };
}

/** A standalone model of the joint measures over two models' rows (see pairStatsNodes). */
export function pairStatsGraph(normalized: [boolean, boolean]): Uint8Array {
  const { nodes, initializers } = pairStatsNodes({ prefix: "", dist: ["dist_1", "dist_2"], pick: ["pick_1", "pick_2"], normalized });
  return buildModel({
    name: "lmdiff_pair_stats",
    initializers,
    inputs: [
      { name: "dist_1", elemType: ElemType.FLOAT, shape: ["rows_1", "vocab"] },
      { name: "pick_1", elemType: ElemType.INT64, shape: ["n"] },
      { name: "dist_2", elemType: ElemType.FLOAT, shape: ["rows_2", "vocab"] },
      { name: "pick_2", elemType: ElemType.INT64, shape: ["n"] },
    ],
    outputs: PAIR_OUTPUTS.map((name) => ({ name, elemType: ElemType.FLOAT, shape: ["n"] })),
    nodes,
  });
}
