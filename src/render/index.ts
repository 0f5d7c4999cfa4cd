/**
 * The pure SVG rendering core: everything here runs in Node and in the
 * browser alike, so figure export and the widgets draw the same pictures.
 * Charts return SVG strings, or Figures: SVG with its size and its layout
 * (the labels and lines it drew, as marks), which stackFigures composes and
 * figure export fits to a paper's width without reading the SVG back.
 */
export {
  renderOptions,
  maybeRankBy,
  PALETTES,
  RANK_BY,
  type RenderOptions,
  type RenderOptionsInput,
  type PaletteName,
  type RankBy,
} from "./renderOptions.js";
export { palette, type Palette } from "./palette.js";
export { colorScale, robustMax, textColorOn, NAN_COLOR, type ColorScale } from "./colorScale.js";
export { legendFigure, legendWords } from "./legend.js";
export { tokenLayout, type TokenBox, type TokenLayout } from "./tokenLayout.js";
export { tokenStrip, tokenStripFigure, tokenStripBands } from "./tokenStrip.js";
export {
  stepPlots,
  stepPlotsFigure,
  stepPlotsHighlight,
  stepPlotsLayout,
  stepPlotsIndexAt,
  stepPath,
  type StepPlotsLayout,
  type StepPlotsKeyItem,
} from "./stepPlots.js";
export { type StepKeyItem } from "./stepKey.js";
export { type StepPanelLayout } from "./stepPanel.js";
export { measureHistogram, measureHistogramFigure, winCounts, type WinCounts } from "./measureHistogram.js";
export {
  globalHistogram,
  globalHistogramFigure,
  globalHistogramLayout,
  globalHistogramValueAt,
  globalHistogramScale,
  type GlobalHistogramLayout,
} from "./globalHistogram.js";
export { corpusValues } from "./corpusValues.js";
export { corpusMeasures } from "./corpusMeasures.js";
export { klScatter, klScatterFigure, klScatterLayout, klScatterRowAt, KL_SCATTER_TITLE, type KlScatterLayout } from "./klScatter.js";
export { corpusSignificance, betterModel, significantModel, SIGNIFICANCE_LEVEL, type CorpusSignificance } from "./corpusSignificance.js";
export { significanceOrder } from "./significanceOrder.js";
export { betterLists, type BetterLists, type BetterListsOptions } from "./betterLists.js";
export { topkTable, topkTableFigure } from "./topkTable.js";
export { topkTokenText } from "./topkTokenText.js";
export { instanceFigure, instanceFigureParts, instanceFigureStack, type InstanceFigureLegend } from "./instanceFigure.js";
export { binValues, valueDomain, type Bins } from "./binValues.js";
export { formatValue, formatProb } from "./formatValue.js";
export { textWidth, textCells } from "./textWidth.js";
export { labelWidth, type LabelFont } from "./labelWidth.js";
export { dejavuWidth, type DejaVuWidthFace } from "./dejavuWidths.js";
export { wrapLines } from "./wrapLines.js";
export { singleValue } from "./singleValue.js";
export { escapeXml, num, svgRoot, type Figure } from "./svg.js";
export { stackFigures, STACK_GAP } from "./stackFigures.js";
export { emptyMarks, markedText, markedLine, placeMarks, joinMarks, type Marks, type TextMark, type LineMark } from "./marks.js";
export { markBoxes, type TextBox } from "./markBoxes.js";
// A text read by two models with different tokenizers (AlignedData): per-character views.
export {
  alignedLayout,
  alignedRowTop,
  alignedRowLabel,
  tokensAtChar,
  type AlignedLayout,
  type AlignedBox,
  type AlignedCell,
  type AlignedPiece,
} from "./alignedLayout.js";
export { alignedRenderOptions, type AlignedRenderOptions } from "./alignedOptions.js";
export { alignedStrip, alignedStripFigure } from "./alignedStrip.js";
export { alignedFigure, alignedFigureParts, alignedFigureStack } from "./alignedFigure.js";
export { alignedLegendFigure, alignedLegendWords, alignedModelName } from "./alignedLegend.js";
export { alignedHeaderFigure, bitsPerByteLine } from "./alignedHeader.js";
export { alignedHistogram, alignedHistogramFigure } from "./alignedHistogram.js";
export {
  bitsPlot,
  bitsPlotFigure,
  bitsPlotHighlight,
  bitsPlotLayout,
  bitsPlotIndexAt,
  bitsPlotTitle,
  type BitsPlotLayout,
} from "./bitsPlot.js";
export { alignedTopk, alignedTopkFigure, alignedTopkHeight, alignedTokenSpan } from "./alignedTopk.js";
