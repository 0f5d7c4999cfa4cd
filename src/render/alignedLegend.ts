import type { AlignedData } from "../core/AlignedData.js";
import { MEASURE_INFO, type ByteMeasure } from "../core/measures.js";
import { colorLegend } from "./colorLegend.js";
import type { ColorScale } from "./colorScale.js";
import type { LabelFont } from "./labelWidth.js";
import type { Figure } from "./svg.js";

/** A model as the aligned views name it: "model 2 (tiny-mlm-en, PLL)" for a masked model. */
export function alignedModelName(data: AlignedData, side: 0 | 1): string {
  return `model ${side + 1} (${data.models[side].name}${data.sides[side].scoring === "masked" ? ", PLL" : ""})`;
}

/**
 * What the colours of a byte measure mean, in words.  A byte measure says
 * who needs fewer bits on a character, not who gives a token a higher
 * probability, so the token legend's sentences do not fit.  A masked
 * model's bits are pseudo-log-likelihoods, and a last sentence says so.
 */
export function alignedLegendWords(measure: ByteMeasure, data: AlignedData, scale: ColorScale): string[] {
  const p = scale.palette;
  const words =
    measure === "bits_diff"
      ? [
          `${p.model1Word}: ${alignedModelName(data, 0)} needs fewer bits on the character`,
          `${p.model2Word}: ${alignedModelName(data, 1)} needs fewer bits`,
        ]
      : [`darker: ${alignedModelName(data, measure === "bits_1" ? 0 : 1)} needs fewer bits on the character`];
  const masked = ([0, 1] as const).filter((s) => data.sides[s].scoring === "masked");
  if (masked.length > 0)
    words.push(
      `PLL: ${masked.map((s) => `model ${s + 1}`).join(" and ")}'s bits are pseudo-log-likelihoods (each token masked in turn), not a probability of the text`,
    );
  return words;
}

/**
 * The legend of an aligned view: the measure's name, a colour bar with its
 * end and zero values, and alignedLegendWords' sentences, laid out as the
 * token views' legend is (colorLegend).
 */
export function alignedLegendFigure(
  measure: ByteMeasure,
  data: AlignedData,
  scale: ColorScale,
  width: number,
  font: LabelFont = "sans",
): Figure {
  return colorLegend(MEASURE_INFO[measure].label, alignedLegendWords(measure, data, scale), scale, width, font);
}
