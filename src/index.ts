/**
 * lmdiff: compare two language models token by token.
 *
 * The public API.  Layers depend one way: core (pure maths and data shapes)
 * → engine (models, scoring, caches) → render (pure SVG) → notebook / CLI /
 * server.
 */
export { VERSION } from "./version.js";
export { LmdiffError, isLmdiffError } from "./core/LmdiffError.js";
export { MEASURES, DIFF_MEASURES, SINGLE_MEASURES, MEASURE_INFO, computeMeasure, winner } from "./core/measures.js";
export type { Measure, DiffMeasure, SingleMeasure, TokenScores, MeasureInfo } from "./core/measures.js";
export { AGGREGATIONS, aggregate, quantile } from "./core/aggregate.js";
export type { Aggregation } from "./core/aggregate.js";
export type { InstanceData, ModelLabel } from "./core/InstanceData.js";
export type { CorpusData } from "./core/CorpusData.js";
export { instanceToJSON, instanceFromJSON } from "./core/instanceJson.js";
export { topIndices } from "./core/topIndices.js";

export { Model, loadModel, bundledModels } from "./engine/Model.js";
export type { LoadOptions, ModelKind } from "./engine/Model.js";
export { Vocabulary } from "./engine/Vocabulary.js";
export { loadDataset, inlineDataset, bundledDatasets } from "./engine/Dataset.js";
export type { Dataset, DatasetOptions } from "./engine/Dataset.js";
export { scoreTexts } from "./engine/scoreTexts.js";
export { analyze } from "./engine/analyze.js";
export type { AnalyzeOptions, Progress } from "./engine/analyze.js";
export { AnalysisCache } from "./engine/AnalysisCache.js";
export type { CacheMeta } from "./engine/AnalysisCache.js";
export { compare, compareText, compareCaches, cachePath } from "./engine/compare.js";
export type { CompareAllOptions, CorpusInput } from "./engine/compare.js";
export { CorpusComparison } from "./engine/CorpusComparison.js";
export type { TopRow, HistogramBin } from "./engine/CorpusComparison.js";
export { InstanceComparison } from "./engine/InstanceComparison.js";
export type { TokenRow } from "./engine/InstanceComparison.js";
export { saveTable, loadTable } from "./engine/saveTable.js";
export { tokenizerFingerprint, tokenizerDifference } from "./engine/tokenizerFingerprint.js";
export { downloadHubModel } from "./engine/hubDownload.js";

// Figure export: toSVG / savePNG / savePDF / toLaTeX on the comparison objects.
import "./export/installFigureMethods.js";
export { figureSVG } from "./export/figureSVG.js";
export { svgToPNG } from "./export/svgToPNG.js";
export { svgToPDF } from "./export/svgToPDF.js";
export { toLaTeX } from "./export/toLaTeX.js";
export type { FigureOptionsInput } from "./export/figureOptions.js";

// Notebook display: view(), toMimeBundle(), toHTML(), show() and the tslab/Deno hooks on both comparison classes.
import "./notebook/installDisplay.js";
export { NotebookView } from "./notebook/NotebookView.js";
export type { MimeBundle } from "./notebook/displayBundle.js";
export type { InstanceViewOptions, CorpusViewOptions, HtmlOptions } from "./notebook/viewOptions.js";
export { corpusToPayload, corpusFromPayload } from "./core/corpusJson.js";
export type { CorpusPayload } from "./core/corpusJson.js";
