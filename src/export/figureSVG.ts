import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { computeMeasure } from "../core/measures.js";
import { colorScale } from "../render/colorScale.js";
import { corpusValues } from "../render/corpusValues.js";
import { globalHistogramFigure, globalHistogramScale } from "../render/globalHistogram.js";
import { measureHistogramFigure } from "../render/measureHistogram.js";
import type { RenderOptions } from "../render/renderOptions.js";
import { stepPlotsFigure } from "../render/stepPlots.js";
import type { Figure } from "../render/svg.js";
import { tokenStripFigure } from "../render/tokenStrip.js";
import { topkTableFigure } from "../render/topkTable.js";
import { FRAME_PAD, figureFrame, stackFigures } from "./figureFrame.js";
import { figureLegend } from "./figureLegend.js";
import { fitFigure } from "./fitFigure.js";
import { figureOptions, FONT_FAMILY_CSS, INSTANCE_VIEWS, type FigureOptions, type FigureOptionsInput } from "./figureOptions.js";
import { isCorpusData } from "./isCorpusData.js";

/**
 * A figure for a paper as standalone SVG, sized in points.  Every view is
 * drawn by the same render functions the live views use, with the same
 * colour scale, and then framed (title, caption, white page) by
 * figureFrame; the legend (figureLegend: render's legend with sentences
 * that wrap) sits above the view as the widgets place it.  A view whose
 * labels would collide at the width is drawn wider and scaled down to fit
 * (fitFigure), and one that cannot be made to fit is refused with the
 * width it needs.
 *
 * Views: "strip", "plots", "histogram", "topk" and "composite" take one
 * text (InstanceData); "global" takes a corpus (CorpusData).  The step
 * plots and the top-k table carry their own key, so `legend` only adds the
 * colour legend to the views coloured by a measure.
 */
export function figureSVG(data: InstanceData | CorpusData, options: FigureOptionsInput = {}): string {
  const o = figureOptions(options, isCorpusData(data) ? "global" : "composite");
  const inner = o.width - 2 * FRAME_PAD;
  // Token text is drawn 1/scale larger so that it prints at fontSize points after fitting.
  const fitted = fitFigure((layout, scale) => figureContent(data, o, layout, o.fontSize / scale), inner, FONT_FAMILY_CSS[o.fontFamily], FRAME_PAD);
  if (fitted.collisions.length > 0)
    throw new LmdiffError(
      `the ${o.view} view does not fit in ${o.width} pt without overlapping labels or labels under 6 pt (${fitted.collisions[0]}); ` +
        (fitted.minWidth ? `make it at least ${fitted.minWidth + 2 * FRAME_PAD} pt wide` : "make it wider"),
      "bad-option",
    );
  return figureFrame(fitted, o);
}

/** The render core's pieces of a view, stacked, drawn at layout width `width`. */
export function figureContent(data: InstanceData | CorpusData, o: FigureOptions, width: number, fontSize = o.fontSize): Figure {
  const inner = width;
  const r: RenderOptions = { ...o.render, width, fontSize: Math.min(72, fontSize) };
  if (o.view === "global") {
    if (!isCorpusData(data))
      throw new LmdiffError(`the global view needs a corpus (CorpusData, e.g. corpus.toCorpusData()), not one text`, "bad-option");
    const values = corpusValues(data, r);
    const parts = [globalHistogramFigure(data, r, values)];
    if (o.legend) parts.unshift(figureLegend(r.measure, data.models, globalHistogramScale(values, r), inner, o.fontFamily));
    return stackFigures(parts, inner);
  }
  if (isCorpusData(data))
    throw new LmdiffError(
      `the ${o.view} view needs one text (InstanceData, e.g. corpus.instance(i).data), not a corpus (views of a corpus: global; of a text: ${INSTANCE_VIEWS.join(", ")})`,
      "bad-option",
    );
  const values = computeMeasure(r.measure, data.m1, data.m2, data.k, data.maxClampRank);
  const scale = colorScale(r.measure, values, r, data.k);
  const legend = () => (o.legend ? [figureLegend(r.measure, data.models, scale, inner, o.fontFamily)] : []);
  switch (o.view) {
    case "strip":
      return stackFigures([...legend(), tokenStripFigure(data, values, scale, r)], inner);
    case "plots":
      return stepPlotsFigure(data, r);
    case "histogram":
      return stackFigures([...legend(), measureHistogramFigure(r.measure, values, data.models, scale, r)], inner);
    case "topk": {
      const n = data.tokens.length;
      if (o.token === null)
        throw new LmdiffError(`the topk view needs a token index (option token, 0 to ${n - 1})`, "bad-option");
      if (o.token >= n) throw new LmdiffError(`invalid token ${o.token} (expected a token index from 0 to ${n - 1})`, "bad-option");
      return topkTableFigure(data, o.token, r);
    }
    case "composite":
      // render's instanceFigureParts, with the legend that wraps.
      return stackFigures([...legend(), tokenStripFigure(data, values, scale, r), stepPlotsFigure(data, r)], inner);
  }
}
