/**
 * The pure SVG rendering core: everything here runs in Node and in the
 * browser alike and returns strings, so figure export and the widgets draw
 * the same pictures.
 */
export { renderOptions, PALETTES, type RenderOptions, type RenderOptionsInput, type PaletteName } from "./renderOptions.js";
export { palette, type Palette } from "./palette.js";
export { colorScale, robustMax, textColorOn, NAN_COLOR, type ColorScale } from "./colorScale.js";
export { legendFigure, legendWords } from "./legend.js";
export { tokenLayout, type TokenBox, type TokenLayout } from "./tokenLayout.js";
export { tokenStrip, tokenStripFigure, tokenStripBands } from "./tokenStrip.js";
export { stepPlots, stepPlotsFigure, stepPlotsHighlight, stepPlotsLayout, stepPlotsIndexAt, stepPath, type StepPlotsLayout, type StepPlotsKeyItem } from "./stepPlots.js";
export { measureHistogram, measureHistogramFigure, winCounts, type WinCounts } from "./measureHistogram.js";
export { globalHistogram, globalHistogramFigure, globalHistogramLayout, globalHistogramValueAt, globalHistogramScale, type GlobalHistogramLayout } from "./globalHistogram.js";
export { corpusValues } from "./corpusValues.js";
export { topkTable, topkTableFigure, topkTokenText } from "./topkTable.js";
export { instanceFigure, instanceFigureParts } from "./instanceFigure.js";
export { binValues, valueDomain, type Bins } from "./binValues.js";
export { formatValue, formatProb } from "./formatValue.js";
export { textWidth, textCells } from "./textWidth.js";
export { labelWidth } from "./labelWidth.js";
export { dejavuWidth, type DejaVuWidthFace } from "./dejavuWidths.js";
export { wrapLines } from "./wrapLines.js";
export { singleValue } from "./singleValue.js";
export { escapeXml, num, svgRoot, type Figure } from "./svg.js";
