import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { isByteMeasure } from "../core/measures.js";
import { alignedFigureStack } from "../render/alignedFigure.js";
import { alignedHistogramFigure } from "../render/alignedHistogram.js";
import { tokensAtChar } from "../render/alignedLayout.js";
import { alignedLegendFigure } from "../render/alignedLegend.js";
import type { AlignedRenderOptions } from "../render/alignedOptions.js";
import { alignedStripFigure } from "../render/alignedStrip.js";
import { alignedTopkFigure } from "../render/alignedTopk.js";
import { bitsPlotFigure } from "../render/bitsPlot.js";
import { colorScale } from "../render/colorScale.js";
import { joinMarks, placeMarks } from "../render/marks.js";
import type { RenderOptions } from "../render/renderOptions.js";
import { stackFigures } from "../render/stackFigures.js";
import { translate, type Figure } from "../render/svg.js";
import type { FigureOptions } from "./figureOptions.js";

/** Space between the two models' cards of the topk view. */
const CARD_GAP = 16;

/**
 * The pieces of a paper figure of a text read by two tokenizers: the
 * render core's aligned figures for each view — composite (header, legend,
 * strip, bits per character, histogram), strip, plots (bits per
 * character), histogram, and topk, which for this data takes a character
 * index (option token) and shows both models' cards for the tokens that
 * cover that character, side by side.  The measure must be a byte measure
 * (figureSVG makes bits_diff the default).
 */
export function alignedFigureContent(data: AlignedData, o: FigureOptions, r: RenderOptions): Figure {
  if (!isByteMeasure(r.measure)) alignedMeasure(data, r.measure); // throws the one-line error that names the byte measures
  const ro = r as AlignedRenderOptions;
  const legend = o.legend;
  const font = o.fontFamily;
  if (o.view === "global")
    throw new LmdiffError(`the global view needs a corpus (CorpusData, e.g. corpus.toCorpusData()), not one text`, "bad-option");
  if (o.view === "composite") return alignedFigureStack(data, ro, { legend, font });
  if (o.view === "plots") return bitsPlotFigure(data, ro);
  if (o.view === "topk") return cards(data, o.token, ro);
  const values = alignedMeasure(data, ro.measure);
  const scale = colorScale(ro.measure, values, ro);
  const view =
    o.view === "strip" ? alignedStripFigure(data, values, scale, ro) : alignedHistogramFigure(data, ro.measure, values, scale, ro);
  return stackFigures(legend ? [alignedLegendFigure(ro.measure, data, scale, ro.width, font), view] : [view], ro.width);
}

/** Both models' cards for the first token of each that covers character c. */
function cards(data: AlignedData, c: number | null, r: AlignedRenderOptions): Figure {
  const n = data.chars.length;
  if (c === null)
    throw new LmdiffError(`the topk view of two tokenizers needs a character index (option token, 0 to ${n - 1})`, "bad-option");
  if (c >= n) throw new LmdiffError(`invalid token ${c} (for two tokenizers, a character index from 0 to ${n - 1})`, "bad-option");
  const w = (r.width - CARD_GAP) / 2;
  const figs = ([0, 1] as const).map((side) => {
    const t = tokensAtChar(data, side, c)[0];
    if (t === undefined) throw new LmdiffError(`model ${side + 1} has no token over character ${c}`, "bad-option");
    return alignedTopkFigure(data, side, t, { ...r, width: w });
  });
  return {
    width: r.width,
    height: Math.max(figs[0].height, figs[1].height),
    body: translate(figs[0], 0, 0) + translate(figs[1], w + CARD_GAP, 0),
    marks: joinMarks([placeMarks(figs[0].marks, 0, 0), placeMarks(figs[1].marks, w + CARD_GAP, 0)]),
  };
}
