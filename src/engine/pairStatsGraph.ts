import { buildModel, ElemType, type NodeSpec } from "./onnxProto.js";

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
export function pairStatsGraph(normalized: [boolean, boolean]): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: "Constant", inputs: [], outputs: ["floor"], attrs: [{ name: "value_float", f: -1e30 }] },
    { op: "Constant", inputs: [], outputs: ["ln2"], attrs: [{ name: "value_float", f: Math.LN2 }] },
    { op: "Constant", inputs: [], outputs: ["tiny"], attrs: [{ name: "value_float", f: 1e-38 }] },
    { op: "Constant", inputs: [], outputs: ["half"], attrs: [{ name: "value_float", f: 0.5 }] },
    { op: "Constant", inputs: [], outputs: ["half_per_ln2"], attrs: [{ name: "value_float", f: 0.5 / Math.LN2 }] },
  ];
  for (const side of [1, 2] as const) {
    const s = (n: string) => `${n}_${side}`;
    nodes.push({ op: "Gather", inputs: [s("dist"), s("pick")], outputs: [s("rows")], attrs: [{ name: "axis", i: 0 }] });
    let lsm = s("rows");
    if (!normalized[side - 1]) {
      nodes.push({ op: "LogSoftmax", inputs: [lsm], outputs: [s("lsm")], attrs: [{ name: "axis", i: -1 }] });
      lsm = s("lsm");
    }
    nodes.push({ op: "Max", inputs: [lsm, "floor"], outputs: [s("logp")] }, { op: "Exp", inputs: [s("logp")], outputs: [s("p")] });
  }
  const sum = (input: string, output: string): NodeSpec => ({
    op: "ReduceSum",
    inputs: [input, "last_axis"],
    outputs: [output],
    attrs: [{ name: "keepdims", i: 0 }],
  });
  nodes.push(
    { op: "Sub", inputs: ["logp_1", "logp_2"], outputs: ["d"] },
    // KL(P₁‖P₂) and KL(P₂‖P₁) = −Σ p₂ d.
    { op: "Mul", inputs: ["p_1", "d"], outputs: ["kl_terms"] },
    sum("kl_terms", "kl_sum"),
    { op: "Relu", inputs: ["kl_sum"], outputs: ["kl"] },
    { op: "Mul", inputs: ["p_2", "d"], outputs: ["klr_terms"] },
    sum("klr_terms", "klr_neg"),
    { op: "Neg", inputs: ["klr_neg"], outputs: ["klr_sum"] },
    { op: "Relu", inputs: ["klr_sum"], outputs: ["kl_reverse"] },
    // JS: ½ Σ [p₁ (ln 2 + log σ(d)) + p₂ (ln 2 + log σ(−d))], in bits.
    { op: "Sigmoid", inputs: ["d"], outputs: ["sig_pos"] },
    { op: "Neg", inputs: ["d"], outputs: ["neg_d"] },
    { op: "Sigmoid", inputs: ["neg_d"], outputs: ["sig_neg"] },
    { op: "Max", inputs: ["sig_pos", "tiny"], outputs: ["sig_pos_f"] },
    { op: "Max", inputs: ["sig_neg", "tiny"], outputs: ["sig_neg_f"] },
    { op: "Log", inputs: ["sig_pos_f"], outputs: ["log_sig_pos"] },
    { op: "Log", inputs: ["sig_neg_f"], outputs: ["log_sig_neg"] },
    { op: "Add", inputs: ["ln2", "log_sig_pos"], outputs: ["log_p1_m"] },
    { op: "Add", inputs: ["ln2", "log_sig_neg"], outputs: ["log_p2_m"] },
    { op: "Mul", inputs: ["p_1", "log_p1_m"], outputs: ["js_1"] },
    { op: "Mul", inputs: ["p_2", "log_p2_m"], outputs: ["js_2"] },
    { op: "Add", inputs: ["js_1", "js_2"], outputs: ["js_terms"] },
    sum("js_terms", "js_sum"),
    { op: "Mul", inputs: ["js_sum", "half_per_ln2"], outputs: ["js_bits"] },
    { op: "Relu", inputs: ["js_bits"], outputs: ["js"] },
    // TV: ½ Σ |p₁ − p₂|.
    { op: "Sub", inputs: ["p_1", "p_2"], outputs: ["p_diff"] },
    { op: "Abs", inputs: ["p_diff"], outputs: ["p_abs"] },
    sum("p_abs", "tv_sum"),
    { op: "Mul", inputs: ["tv_sum", "half"], outputs: ["tv"] },
  );
  return buildModel({
    name: "lmdiff_pair_stats",
    initializers: [{ name: "last_axis", int64: [-1], dims: [1] }],
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
