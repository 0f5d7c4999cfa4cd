import { instanceMeasure } from "../core/instanceMeasure.js";
import type { InstanceData } from "../core/InstanceData.js";
import { colorScale } from "./colorScale.js";
import type { LabelFont } from "./labelWidth.js";
import { legendFigure } from "./legend.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { stackFigures } from "./stackFigures.js";
import { stepPlotsFigure } from "./stepPlots.js";
import { svgRoot, type Figure } from "./svg.js";
import { tokenStripFigure } from "./tokenStrip.js";
import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { alignedFigure } from "./alignedFigure.js";

/** How the composite's legend is drawn: whether at all, and in which label font (a paper figure may be set in serif). */
export interface InstanceFigureLegend {
  legend?: boolean;
  font?: LabelFont;
}

/**
 * The composite figure for papers and exports: the legend in words, the
 * coloured token strip, and the two step plots below it, stacked at one
 * width and sharing one colour scale.
 */
export function instanceFigureParts(data: InstanceData, options: RenderOptionsInput = {}, legend: InstanceFigureLegend = {}): Figure {
  return instanceFigureStack(data, renderOptions(options), legend);
}

/** instanceFigureParts with options already normalised (figure export draws wider than a view may be, then scales down). */
export function instanceFigureStack(
  data: InstanceData,
  o: RenderOptions,
  { legend = true, font = "sans" }: InstanceFigureLegend = {},
): Figure {
  const values = instanceMeasure(data, o.measure);
  const scale = colorScale(o.measure, values, o, data.k);
  const parts = [tokenStripFigure(data, values, scale, o), stepPlotsFigure(data, o)];
  if (legend) parts.unshift(legendFigure(o.measure, data.models, scale, o.width, font));
  return stackFigures(parts, o.width);
}

/** Standalone SVG of the composite instance figure; of a text read by two tokenizers, alignedFigure's. */
export function instanceFigure(data: InstanceData | AlignedData, options: RenderOptionsInput = {}): string {
  if (isAligned(data)) return alignedFigure(data, options);
  return svgRoot(instanceFigureParts(data, options));
}
