import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { MEASURE_INFO } from "../core/measures.js";
import { corpusValues } from "../render/corpusValues.js";
import { globalHistogramFigure, globalHistogramScale } from "../render/globalHistogram.js";
import { instanceFigureParts } from "../render/instanceFigure.js";
import { legendFigure } from "../render/legend.js";
import { renderOptions } from "../render/renderOptions.js";
import { el, svgRoot, text, translate, type Figure } from "../render/svg.js";
import type { ResolvedCorpusViewOptions, ResolvedInstanceViewOptions } from "./viewOptions.js";

const GAP = 18;

/** Figures stacked at one width, GAP apart. */
function stack(parts: Figure[], width: number): Figure {
  let y = 0;
  const body: string[] = [];
  for (const f of parts) {
    body.push(translate(f, 0, y));
    y += f.height + GAP;
  }
  return { width, height: Math.max(0, y - GAP), body: body.join("") };
}

function title(s: string, width: number): Figure {
  return { width, height: 16, body: text({ x: 0, y: 12, "font-size": 13, "font-weight": "bold", fill: "currentColor" }, s) };
}

// A picture shown as an <img> or by a static viewer has no page colours
// behind it; a white ground keeps its black text readable on dark themes.
function opaque(f: Figure): string {
  const pad = 6;
  return svgRoot({
    width: f.width + 2 * pad,
    height: f.height + 2 * pad,
    body: el("rect", { width: f.width + 2 * pad, height: f.height + 2 * pad, fill: "#ffffff" }) + translate(f, pad, pad),
  }, { color: "#222222" });
}

/** The static picture of a one-text view: the render core's composite instance figure. */
export function instancePicture(data: InstanceData, o: ResolvedInstanceViewOptions): string {
  return opaque(instanceFigureParts(data, { measure: o.measure, width: o.width }));
}

/**
 * The static picture of a corpus view: the two models' legend over the
 * global histogram (outliers as stripes) and, for the combined view, the
 * selected text's instance figure below it.
 */
export function corpusPicture(data: CorpusData, o: ResolvedCorpusViewOptions, selected?: InstanceData): string {
  const ro = renderOptions({ measure: o.measure, agg: o.agg, order: o.order, width: o.width, plotHeight: 120, bins: 50, outliers: 10 });
  const values = corpusValues(data, ro);
  const scale = globalHistogramScale(values, ro);
  const parts: Figure[] = [
    title(`LMdiff · ${data.dataset} · ${data.text.length} texts · ${MEASURE_INFO[o.measure].label}`, o.width),
    legendFigure(o.measure, data.models, scale, o.width),
    globalHistogramFigure(data, ro, values),
  ];
  if (selected) {
    parts.push(title(`text #${selected.index}`, o.width));
    parts.push(instanceFigureParts(selected, { measure: o.measure, width: o.width }));
  }
  return opaque(stack(parts, o.width));
}
