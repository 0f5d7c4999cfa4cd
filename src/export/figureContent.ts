import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { instanceMeasure } from "../core/instanceMeasure.js";
import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { colorScale } from "../render/colorScale.js";
import { corpusValues } from "../render/corpusValues.js";
import { globalHistogramFigure, globalHistogramScale } from "../render/globalHistogram.js";
import { instanceFigureStack } from "../render/instanceFigure.js";
import { legendFigure } from "../render/legend.js";
import { measureHistogramFigure } from "../render/measureHistogram.js";
import type { RenderOptions } from "../render/renderOptions.js";
import { stackFigures } from "../render/stackFigures.js";
import { stepPlotsFigure } from "../render/stepPlots.js";
import type { Figure } from "../render/svg.js";
import { tokenStripFigure } from "../render/tokenStrip.js";
import { topkTableFigure } from "../render/topkTable.js";
import { alignedFigureContent } from "./alignedFigureContent.js";
import { INSTANCE_VIEWS, type FigureOptions } from "./figureOptions.js";
import { isCorpusData } from "./isCorpusData.js";

/**
 * The render core's pieces of a paper figure's view, drawn at layout width
 * `width` with token text at `fontSize`: render's own figures, legend
 * (legendFigure, in the paper's label font) and stacking (stackFigures),
 * with their marks, which fitFigure checks.  The step plots and the top-k
 * table carry their own key, so `legend` only adds the colour legend to the
 * views coloured by a measure.  A text read by two tokenizers (AlignedData)
 * is drawn by alignedFigureContent.
 */
export function figureContent(
  data: InstanceData | CorpusData | AlignedData,
  o: FigureOptions,
  width: number,
  fontSize = o.fontSize,
): Figure {
  const r: RenderOptions = { ...o.render, width, fontSize: Math.min(72, fontSize) };
  if (isAligned(data)) return alignedFigureContent(data, o, r);
  if (o.view === "global") {
    if (!isCorpusData(data))
      throw new LmdiffError(`the global view needs a corpus (CorpusData, e.g. corpus.toCorpusData()), not one text`, "bad-option");
    const values = corpusValues(data, r);
    const parts = [globalHistogramFigure(data, r, values)];
    if (o.legend) parts.unshift(legendFigure(r.measure, data.models, globalHistogramScale(values, r), width, o.fontFamily));
    return stackFigures(parts, width);
  }
  if (isCorpusData(data))
    throw new LmdiffError(
      `the ${o.view} view needs one text (InstanceData, e.g. corpus.instance(i).data), not a corpus (views of a corpus: global; of a text: ${INSTANCE_VIEWS.join(", ")})`,
      "bad-option",
    );
  if (o.view === "composite") return instanceFigureStack(data, r, { legend: o.legend, font: o.fontFamily });
  if (o.view === "plots") return stepPlotsFigure(data, r);
  if (o.view === "topk") {
    const n = data.tokens.length;
    if (o.token === null) throw new LmdiffError(`the topk view needs a token index (option token, 0 to ${n - 1})`, "bad-option");
    if (o.token >= n) throw new LmdiffError(`invalid token ${o.token} (expected a token index from 0 to ${n - 1})`, "bad-option");
    return topkTableFigure(data, o.token, r);
  }
  const values = instanceMeasure(data, r.measure);
  const scale = colorScale(r.measure, values, r, data.k);
  const view =
    o.view === "strip" ? tokenStripFigure(data, values, scale, r) : measureHistogramFigure(r.measure, values, data.models, scale, r);
  return stackFigures(o.legend ? [legendFigure(r.measure, data.models, scale, width, o.fontFamily), view] : [view], width);
}
