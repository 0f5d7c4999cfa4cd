import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { alignedHeaderFigure } from "./alignedHeader.js";
import { alignedHistogramFigure } from "./alignedHistogram.js";
import { alignedLegendFigure } from "./alignedLegend.js";
import { alignedRenderOptions, type AlignedRenderOptions } from "./alignedOptions.js";
import { alignedStripFigure } from "./alignedStrip.js";
import { bitsPlotFigure } from "./bitsPlot.js";
import { colorScale } from "./colorScale.js";
import type { InstanceFigureLegend } from "./instanceFigure.js";
import type { RenderOptionsInput } from "./renderOptions.js";
import { stackFigures } from "./stackFigures.js";
import { svgRoot, type Figure } from "./svg.js";

/**
 * The composite figure of a text read by two tokenizers, for papers and
 * exports: a header with each model's bits per byte (pseudo-bits for a
 * masked model), the legend in words, the aligned strip (both models'
 * tokens over the same characters, coloured by the measure), each model's
 * bits per character along the text, and the histogram of the measure
 * over the characters, stacked at one width and sharing one colour scale.
 */
export function alignedFigureParts(data: AlignedData, options: RenderOptionsInput = {}, legend: InstanceFigureLegend = {}): Figure {
  return alignedFigureStack(data, alignedRenderOptions(data, options), legend);
}

/** alignedFigureParts with options already normalised (figure export draws wider than a view may be, then scales down). */
export function alignedFigureStack(
  data: AlignedData,
  o: AlignedRenderOptions,
  { legend = true, font = "sans" }: InstanceFigureLegend = {},
): Figure {
  const values = alignedMeasure(data, o.measure);
  const scale = colorScale(o.measure, values, o);
  const parts: Figure[] = [alignedHeaderFigure(data, o, font)];
  if (legend) parts.push(alignedLegendFigure(o.measure, data, scale, o.width, font));
  parts.push(
    alignedStripFigure(data, values, scale, o),
    bitsPlotFigure(data, o),
    alignedHistogramFigure(data, o.measure, values, scale, { ...o, plotHeight: Math.min(o.plotHeight, 80), bins: Math.min(o.bins, 30) }),
  );
  return stackFigures(parts, o.width);
}

/** Standalone SVG of the composite aligned figure (measure default bits_diff). */
export function alignedFigure(data: AlignedData, options: RenderOptionsInput = {}): string {
  return svgRoot(alignedFigureParts(data, options));
}
