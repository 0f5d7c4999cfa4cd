import type { ModelLabel } from "../core/InstanceData.js";
import { isJointMeasure, MEASURE_INFO, type JointMeasure, type Measure } from "../core/measures.js";
import { colorLegend } from "./colorLegend.js";
import type { ColorScale } from "./colorScale.js";
import type { LabelFont } from "./labelWidth.js";
import type { Figure } from "./svg.js";

/**
 * What the colours mean, in words, because a red/blue bar alone does not
 * say which model is which or what "better" means for the measure.
 */
export function legendWords(measure: Measure, models: readonly [ModelLabel, ModelLabel], scale: ColorScale): string[] {
  const info = MEASURE_INFO[measure];
  const p = scale.palette;
  const [a, b] = [models[0].name, models[1].name];
  const rankLike = measure === "rank_diff" || measure === "clamped_rank_diff";
  if (info.model1BetterWhen !== "none") {
    const what = rankLike
      ? "ranks the actual token better"
      : measure === "bits_diff"
        ? "needs fewer bits for the characters"
        : "gives the actual token a higher probability";
    return [`${p.model1Word}: model 1 (${a}) ${what}`, `${p.model2Word}: model 2 (${b}) ${what}`];
  }
  if (measure === "entropy_diff") {
    return p.grayscale
      ? [`solid: model 2 (${b}) is less certain than model 1 (${a})`, `dashed: model 2 (${b}) is more certain`]
      : [`brown: model 2 (${b}) is less certain than model 1 (${a})`, `teal: model 2 (${b}) is more certain`];
  }
  if (measure === "topk_diff") return [`darker: the two models share fewer of their top-k predictions`];
  if (measure === "top1_agree")
    return scale.binary
      ? [`${p.grayscale ? "grey" : "green"}: the two models' most likely tokens differ`, `white: both models predict the same token first`]
      : [`darker: the two models' most likely tokens differ more often`];
  if (isJointMeasure(measure)) return [`darker: the two models' predicted distributions differ more (${PAIR_WORDS[measure]})`];
  const name = info.model === 1 ? a : b;
  if (measure === "bits_1" || measure === "bits_2") return [`darker: model ${info.model} (${name}) needs fewer bits for the character`];
  return info.higherIsBetter
    ? [`darker: model ${info.model} (${name}) gives the actual token a higher probability`]
    : [`darker: model ${info.model} (${name}) ranks the actual token better (log scale)`];
}

/** What each joint measure's numbers are, for the legend's sentence. */
const PAIR_WORDS: Record<JointMeasure, string> = {
  kl: "KL(P₁‖P₂), in nats",
  kl_reverse: "KL(P₂‖P₁), in nats",
  js: "Jensen–Shannon, in bits, 0 to 1",
  tv: "total variation, 0 to 1",
};

/**
 * The legend: the measure's name, a colour bar with its end and zero
 * values, and what the colours mean in legendWords (see colorLegend for
 * the layout).  `font` is the label font the widths are measured in (a
 * paper figure may be set in serif).
 */
export function legendFigure(
  measure: Measure,
  models: readonly [ModelLabel, ModelLabel],
  scale: ColorScale,
  width: number,
  font: LabelFont = "sans",
): Figure {
  return colorLegend(MEASURE_INFO[measure].label, legendWords(measure, models, scale), scale, width, font);
}
