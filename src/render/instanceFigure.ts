import type { InstanceData } from "../core/InstanceData.js";
import { computeMeasure } from "../core/measures.js";
import { colorScale } from "./colorScale.js";
import { legendFigure } from "./legend.js";
import { renderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { stepPlotsFigure } from "./stepPlots.js";
import { svgRoot, translate, type Figure } from "./svg.js";
import { tokenStripFigure } from "./tokenStrip.js";

const GAP = 14;

/**
 * The composite figure for papers and exports: the legend in words, the
 * coloured token strip, and the two step plots below it, stacked at one
 * width and sharing one colour scale.
 */
export function instanceFigureParts(data: InstanceData, options: RenderOptionsInput = {}): Figure {
  const o = renderOptions(options);
  const values = computeMeasure(o.measure, data.m1, data.m2, data.k, data.maxClampRank);
  const scale = colorScale(o.measure, values, o, data.k);
  const stack = [legendFigure(o.measure, data.models, scale, o.width), tokenStripFigure(data, values, scale, o), stepPlotsFigure(data, o)];
  let y = 0;
  const body: string[] = [];
  for (const f of stack) {
    body.push(translate(f, 0, y));
    y += f.height + GAP;
  }
  return { width: o.width, height: y - GAP, body: body.join("") };
}

/** Standalone SVG of the composite instance figure. */
export function instanceFigure(data: InstanceData, options: RenderOptionsInput = {}): string {
  return svgRoot(instanceFigureParts(data, options));
}
