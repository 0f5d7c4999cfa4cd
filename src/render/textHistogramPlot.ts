import { scaleLinear, type ScaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "./axis.js";
import { binBars } from "./binBars.js";
import { centredBins, type CentredBins } from "./centredBins.js";
import type { ColorScale } from "./colorScale.js";
import { countScale, countTicks } from "./countScale.js";
import type { Marks } from "./marks.js";
import type { RenderOptions } from "./renderOptions.js";

const LEFT = 40;
const RIGHT = 12;
const TOP = 8;

/** What a text histogram plots, besides the values. */
export interface TextHistogramSpec {
  /** The x domain [lo, hi]. */
  domain: readonly [number, number];
  nBins: number;
  /** The value every finite value has (singleValue), or null: one centred bar where it fits (centredBins). */
  only: number | null;
  /** The bars' fill and dashed outline at a bin's centre. */
  paint: Pick<ColorScale, "color" | "dashed">;
  /** The x axis's ticks on the plot's x scale. */
  xTicks: (x: ScaleLinear<number, number>) => { x: number; label: string }[];
}

export interface TextHistogramPlot {
  parts: string[];
  bins: CentredBins;
  /** The plot's left and right edges, where the lines under it start and wrap. */
  left: number;
  right: number;
  /** Baseline of the first line under the plot. */
  below: number;
}

/**
 * The plot of a histogram over one text, of its tokens (measureHistogram)
 * or of its characters (alignedHistogram): the bars, the x axis and the
 * count axis.  The caller writes the lines under it (caption, win counts).
 */
export function textHistogramPlot(
  marks: Marks,
  values: ArrayLike<number>,
  spec: TextHistogramSpec,
  o: Pick<RenderOptions, "width" | "plotHeight">,
): TextHistogramPlot {
  const [lo, hi] = spec.domain;
  const bins = centredBins(values, lo, hi, spec.nBins, spec.only);
  const ph = o.plotHeight;
  const right = o.width - RIGHT;
  const x = scaleLinear().domain([lo, hi]).range([LEFT, right]);
  const y = countScale(bins.counts, TOP + ph, TOP);
  const parts = binBars(bins, x, y, spec.paint);
  parts.push(axisBottom(marks, spec.xTicks(x), TOP + ph, LEFT, right));
  parts.push(axisLeft(marks, countTicks(y), LEFT, TOP, TOP + ph));
  return { parts, bins, left: LEFT, right, below: TOP + ph + 32 };
}
