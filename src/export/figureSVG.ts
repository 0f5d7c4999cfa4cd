import { isAligned, type AlignedData } from "../core/AlignedData.js";
import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { figureContent } from "./figureContent.js";
import { FRAME_PAD, figureFrame, type FigureLayout } from "./figureFrame.js";
import { figureOptions, type FigureOptionsInput } from "./figureOptions.js";
import { fitFigure } from "./fitFigure.js";
import { isCorpusData } from "./isCorpusData.js";

/**
 * A figure for a paper, sized in points, with its layout: every view is
 * drawn by the same render functions the live views use, with the same
 * colour scale and legend (figureContent), and then framed (title,
 * caption, white page) by figureFrame.  A view whose labels would collide
 * at the width is drawn wider and scaled down to fit (fitFigure, from the
 * labels render recorded), and one that cannot be made to fit is refused
 * with the width it needs.
 *
 * Views: "strip", "plots", "histogram", "topk" and "composite" take one
 * text (InstanceData, or AlignedData for two models with different
 * tokenizers, whose measure defaults to bits_diff and whose "topk" view
 * takes a character index); "global" takes a corpus (CorpusData).
 */
export function figureLayout(data: InstanceData | CorpusData | AlignedData, options: FigureOptionsInput = {}): FigureLayout {
  const aligned = isAligned(data);
  // The token measures' default (prob_diff) means nothing on bytes: a text of two tokenizers is coloured by bits_diff unless told otherwise.
  const input = aligned && options.measure === undefined ? { ...options, measure: "bits_diff" } : options;
  const o = figureOptions(input, !aligned && isCorpusData(data) ? "global" : "composite");
  const inner = o.width - 2 * FRAME_PAD;
  // Token text is drawn 1/scale larger so that it prints at fontSize points after fitting.
  const fitted = fitFigure((layout, scale) => figureContent(data, o, layout, o.fontSize / scale), inner, o.fontFamily, FRAME_PAD);
  if (fitted.collisions.length > 0)
    throw new LmdiffError(
      `the ${o.view} view does not fit in ${o.width} pt without overlapping labels or labels under 6 pt (${fitted.collisions[0]}); ` +
        (fitted.minWidth ? `make it at least ${fitted.minWidth + 2 * FRAME_PAD} pt wide` : "make it wider"),
      "bad-option",
    );
  return figureFrame(fitted, o);
}

/** The paper figure as standalone SVG text (figureLayout's `svg`). */
export function figureSVG(data: InstanceData | CorpusData | AlignedData, options: FigureOptionsInput = {}): string {
  return figureLayout(data, options).svg;
}
