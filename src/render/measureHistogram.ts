import { instanceMeasure } from "../core/instanceMeasure.js";
import type { ModelLabel } from "../core/InstanceData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { MEASURE_INFO, PAIR_MEASURES, winner, type Measure } from "../core/measures.js";
import { valueDomain } from "./binValues.js";
import { colorScale, type ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { emptyMarks, markedText } from "./marks.js";
import { el, svgRoot, type Figure } from "./svg.js";
import { labelWidth } from "./labelWidth.js";
import { singleValue } from "./singleValue.js";
import { skippedNote } from "./skippedNote.js";
import { swatchRow } from "./swatchRow.js";
import { textHistogramPlot } from "./textHistogramPlot.js";
import { wrapLines } from "./wrapLines.js";

/** How many tokens each model wins under a measure, by core `winner`; ties include NaN and measures without a winner. */
export interface WinCounts {
  model1: number;
  model2: number;
  tie: number;
}

export function winCounts(measure: Measure, values: ArrayLike<number>): WinCounts {
  const c = { model1: 0, model2: 0, tie: 0 };
  for (let i = 0; i < values.length; i++) {
    const w = winner(measure, values[i]);
    if (w === 1) c.model1++;
    else if (w === 2) c.model2++;
    else c.tie++;
  }
  return c;
}

/** The x labels of a 0/1 measure's two bars. */
const BINARY_TICKS = [
  { value: 0, label: "0: different" },
  { value: 1, label: "1: same" },
];

/** A divergence's domain from 0 (or below, for a rounding error's tiny negative value) up. */
function floorAtZero([lo, hi]: [number, number]): [number, number] {
  return [Math.min(0, lo), hi];
}

function countOf(values: ArrayLike<number>, v: number): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === v) c++;
  return c;
}

/**
 * A histogram of the measure over one text's tokens, bars coloured at their
 * centre by the same scale as the strip, and a line of win/tie counts.
 * Rank measures of a single model are binned on log10(rank), since ranks
 * span several orders of magnitude; the divergences (KL, JS, TV) from 0,
 * their floor; and a 0/1 measure (top1_agree) in two bars, one per value.
 */
export function measureHistogramFigure(
  measure: Measure,
  values: ArrayLike<number>,
  models: readonly [ModelLabel, ModelLabel],
  scale: ColorScale,
  o: RenderOptions,
): Figure {
  const info = MEASURE_INFO[measure];
  const logBins = scale.log;
  const binary = scale.binary === true;
  const xs = logBins ? Float64Array.from(values, (v) => (v >= 1 ? Math.log10(v) : NaN)) : values;
  const [lo, hi] = logBins
    ? [0, Math.max(1, valueDomain(xs, false)[1])]
    : binary
      ? [-0.5, 1.5]
      : (PAIR_MEASURES as readonly Measure[]).includes(measure)
        ? floorAtZero(valueDomain(xs, false))
        : valueDomain(xs, scale.kind === "diverging");
  // A 0/1 measure gets one bar per value; a divergence starts at its floor, 0.
  const nBins = binary ? 2 : o.bins;
  // All values equal (e.g. all 0 for two identical models): one bar centred on the value, where it fits.
  const only = binary ? null : singleValue(xs);
  const marks = emptyMarks();
  const plot = textHistogramPlot(
    marks,
    xs,
    {
      domain: [lo, hi],
      nBins,
      only,
      // The token histogram does not dash its bars, nor its win-count swatches.
      paint: { color: (mid) => scale.color(logBins ? Math.pow(10, mid) : mid), dashed: () => false },
      xTicks: (x) =>
        binary
          ? BINARY_TICKS.map((t) => ({ x: x(t.value), label: t.label }))
          : x
              .ticks(6)
              .filter((t) => !logBins || Number.isInteger(t))
              .map((t) => ({ x: x(t), label: logBins ? formatValue(Math.pow(10, t)) : formatValue(t) })),
    },
    o,
  );
  const { parts, bins, left, right } = plot;
  const lineText = (x0: number, y0: number, label: string, size: number, cls: string | null = null) =>
    markedText(marks, { class: cls, x: x0, y: y0, "font-size": size, fill: "currentColor" }, label);
  let yy = plot.below;
  const onlyLabel = only === null ? "" : ` (all are ${logBins ? formatValue(Math.pow(10, only)) : formatValue(only)})`;
  const caption = `${info.label}${logBins ? " (log scale)" : ""} over ${values.length} tokens${onlyLabel}`;
  wrapLines(caption, right - left, (s) => labelWidth(s, 11)).forEach((line, j) => {
    if (j > 0) yy += 14;
    parts.push(lineText(left, yy, line, 11));
  });
  yy += 16;
  const wc = winCounts(measure, values);
  const p = scale.palette;
  if (info.model1BetterWhen !== "none") {
    const items = [
      { label: `model 1 (${models[0].name}) better: ${wc.model1}`, color: p.model1, cls: "wins1" },
      { label: `model 2 (${models[1].name}) better: ${wc.model2}`, color: p.model2, cls: "wins2" },
      { label: `tie: ${wc.tie}`, color: "#ffffff", cls: "ties" },
    ];
    const row = swatchRow(marks, items, left, right, yy);
    parts.push(...row.parts);
    yy = row.y;
  } else if (measure === "top1_agree") {
    const same = countOf(values, 1);
    parts.push(lineText(left, yy, `same top-1: ${same} · different: ${countOf(values, 0)}`, 11, "agreement"));
  } else {
    parts.push(lineText(left, yy, "this measure has no winner", 11));
  }
  if (bins.skipped > 0) {
    yy += 15;
    parts.push(skippedNote(marks, `${bins.skipped} tokens`, left, yy));
  }
  return { width: o.width, height: yy + 6, body: el("g", { class: "lmdiff-measure-histogram" }, parts), marks };
}

/** Standalone SVG of the measure histogram of one text. */
export function measureHistogram(data: InstanceData, options: RenderOptionsInput = {}): string {
  const o = renderOptions(options);
  const values = instanceMeasure(data, o.measure);
  const scale = colorScale(o.measure, values, o, data.k);
  return svgRoot(measureHistogramFigure(o.measure, values, data.models, scale, o));
}
