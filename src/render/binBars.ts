import type { CentredBins } from "./centredBins.js";
import type { ColorScale } from "./colorScale.js";
import { el } from "./svg.js";

/**
 * The bars of a histogram: one outlined rect per non-empty bin, filled by
 * the colour of the bin's centre (`paint.color`, usually the chart's
 * ColorScale) and outlined dashed where `paint.dashed` says so.  Shared by
 * the text histograms and the corpus histogram so all draw bins the same
 * way.
 */
export function binBars(
  bins: CentredBins,
  x: (v: number) => number,
  y: (c: number) => number,
  paint: Pick<ColorScale, "color" | "dashed">,
): string[] {
  const { counts, lo: binLo, width: binWidth } = bins;
  const parts: string[] = [];
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j];
    if (c === 0) continue;
    const x0 = binLo + j * binWidth;
    const mid = x0 + binWidth / 2;
    parts.push(
      el("rect", {
        class: "bin",
        "data-count": c,
        x: x(x0) + 0.5,
        y: y(c),
        width: Math.max(0.5, x(x0 + binWidth) - x(x0) - 1),
        height: y(0) - y(c),
        fill: paint.color(mid),
        stroke: "currentColor",
        "stroke-opacity": 0.35,
        "stroke-width": 0.5,
        "stroke-dasharray": paint.dashed(mid) ? "2 1" : null,
      }),
    );
  }
  return parts;
}
