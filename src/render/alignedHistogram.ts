import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { MEASURE_INFO, type ByteMeasure } from "../core/measures.js";
import { alignedModelName } from "./alignedLegend.js";
import { alignedRenderOptions } from "./alignedOptions.js";
import { valueDomain } from "./binValues.js";
import { colorScale, type ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { labelWidth } from "./labelWidth.js";
import { emptyMarks, markedText } from "./marks.js";
import { winCounts } from "./measureHistogram.js";
import type { RenderOptions, RenderOptionsInput } from "./renderOptions.js";
import { singleValue } from "./singleValue.js";
import { skippedNote } from "./skippedNote.js";
import { el, svgRoot, type Figure } from "./svg.js";
import { swatchRow } from "./swatchRow.js";
import { textHistogramPlot } from "./textHistogramPlot.js";
import { wrapLines } from "./wrapLines.js";

/**
 * A histogram of a byte measure over one text's characters, bars coloured
 * by the strip's scale, and a line that counts the characters on which
 * each model needs fewer bits (render's winCounts, with core's winner).
 * It is the token histogram's layout (measureHistogram) in the words of
 * characters and bits.
 */
export function alignedHistogramFigure(
  data: AlignedData,
  measure: ByteMeasure,
  values: ArrayLike<number>,
  scale: ColorScale,
  o: RenderOptions,
): Figure {
  const info = MEASURE_INFO[measure];
  const [lo, hi] = valueDomain(values, scale.kind === "diverging");
  // All values equal (two models that agree on every character): one bar centred on the value, where it fits.
  const only = singleValue(values);
  const marks = emptyMarks();
  const plot = textHistogramPlot(
    marks,
    values,
    {
      domain: [lo, hi],
      nBins: o.bins,
      only,
      paint: scale,
      xTicks: (x) => x.ticks(6).map((t) => ({ x: x(t), label: formatValue(t) })),
    },
    o,
  );
  const { parts, bins, left, right } = plot;
  const lineText = (x0: number, y0: number, label: string, size: number, cls: string | null = null) =>
    markedText(marks, { class: cls, x: x0, y: y0, "font-size": size, fill: "currentColor" }, label);
  let yy = plot.below;
  const onlyLabel = only === null ? "" : ` (all are ${formatValue(only)})`;
  wrapLines(`${info.label} over ${values.length} characters${onlyLabel}`, right - left, (s) => labelWidth(s, 11)).forEach((line, j) => {
    if (j > 0) yy += 14;
    parts.push(lineText(left, yy, line, 11));
  });
  yy += 16;
  if (info.model1BetterWhen !== "none") {
    const wc = winCounts(measure, values);
    const p = scale.palette;
    const items = [
      { label: `${alignedModelName(data, 0)} needs fewer bits: ${wc.model1}`, color: p.model1, cls: "wins1" },
      { label: `${alignedModelName(data, 1)} needs fewer bits: ${wc.model2}`, color: p.model2, dashed: p.grayscale, cls: "wins2" },
      { label: `tie: ${wc.tie}`, color: "#ffffff", cls: "ties" },
    ];
    const row = swatchRow(marks, items, left, right, yy);
    parts.push(...row.parts);
    yy = row.y;
  } else {
    // A single model's bits: their sum over the text, in that model's unit.
    const side = measure === "bits_1" ? 0 : 1;
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i];
    const unit = data.sides[side].scoring === "masked" ? "pseudo-bits (PLL)" : "bits";
    const line = `${alignedModelName(data, side)}: ${formatValue(total)} ${unit} over ${data.bytes} bytes`;
    wrapLines(line, right - left, (s) => labelWidth(s, 11)).forEach((l, j) => {
      if (j > 0) yy += 14;
      parts.push(lineText(left, yy, l, 11, "total"));
    });
  }
  if (bins.skipped > 0) {
    yy += 15;
    parts.push(skippedNote(marks, `${bins.skipped} characters`, left, yy));
  }
  return { width: o.width, height: yy + 6, body: el("g", { class: "lmdiff-measure-histogram" }, parts), marks };
}

/** Standalone SVG of the histogram of a byte measure (default bits_diff) over one text's characters. */
export function alignedHistogram(data: AlignedData, options: RenderOptionsInput = {}): string {
  const o = alignedRenderOptions(data, options);
  const values = alignedMeasure(data, o.measure);
  return svgRoot(alignedHistogramFigure(data, o.measure, values, colorScale(o.measure, values, o), o));
}
