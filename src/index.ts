/**
 * lmdiff: compare two language models token by token.
 *
 * The public API, and nothing else: every name here is listed in the
 * README's API section.  Layers depend one way: core (pure maths and data
 * shapes) → engine (models, scoring, caches) → render (pure SVG) → export
 * and notebook; api (compare and the two result classes) sits on top of
 * them, and the CLI and server are shells over it.
 */
export { VERSION } from "./version.js";
export { LmdiffError, isLmdiffError } from "./core/LmdiffError.js";

// Comparing, and the results users hold.
export { compare, compareCaches } from "./api/compare.js";
export type { CompareAllOptions, CorpusInput } from "./api/compare.js";
export { InstanceComparison } from "./api/InstanceComparison.js";
export type { TokenRow, CharRow } from "./api/InstanceComparison.js";
export { CorpusComparison } from "./api/CorpusComparison.js";
export type { TopRow, HistogramBin, CorpusFigureOptions, CorpusLaTeXOptions } from "./api/CorpusComparison.js";
export { ComparisonStats } from "./api/ComparisonStats.js";
export { GapReport } from "./api/GapReport.js";
export type { GapReportData, GapReportOptions, GapBucket } from "./core/gapReport.js";
export type { PairStatsReport, StatsOptions } from "./core/pairStatistics.js";

// Models, datasets and analysis caches.
export { Model, loadModel } from "./engine/Model.js";
export { bundledModels } from "./engine/bundledModels.js";
export type { LoadOptions, ModelKind, RemoteModelOptions } from "./engine/Model.js";
export type { RankConvention } from "./engine/promptScores.js";
export type { Dtype } from "./engine/onnxDtype.js";
export { loadDataset, inlineDataset, bundledDatasets } from "./engine/Dataset.js";
export type { Dataset, DatasetOptions } from "./engine/Dataset.js";
export { analyze } from "./engine/analyze.js";
export type { AnalyzeOptions, AnalyzeShardOptions, Progress } from "./engine/analyze.js";
export { mergeShards } from "./engine/mergeShards.js";
export type { MergeShardsOptions } from "./engine/mergeShards.js";
export { AnalysisShard } from "./engine/AnalysisShard.js";
export type { ShardInfo } from "./engine/shardMeta.js";
export type { Shard } from "./core/options.js";
export { AnalysisCache } from "./engine/AnalysisCache.js";
export type { CacheMeta } from "./engine/AnalysisCache.js";
export { analyzePair } from "./engine/analyzePair.js";
export type { AnalyzePairOptions, PairAnalysis } from "./engine/analyzePair.js";
export { PairCache } from "./engine/PairCache.js";
export type { PairCacheMeta } from "./engine/PairCache.js";
export { writeParquetDataset } from "./engine/writeParquetDataset.js";
export type { ParquetDataset, ParquetDatasetOptions } from "./engine/writeParquetDataset.js";

// Measures, aggregations and the data shapes behind the results.
export {
  MEASURES,
  DIFF_MEASURES,
  PAIR_MEASURES,
  JOINT_MEASURES,
  CORPUS_MEASURES,
  SINGLE_MEASURES,
  BYTE_MEASURES,
  MEASURE_INFO,
} from "./core/measures.js";
export type {
  Measure,
  TokenMeasure,
  ByteMeasure,
  DiffMeasure,
  PairMeasure,
  JointMeasure,
  CorpusMeasure,
  SingleMeasure,
  MeasureInfo,
  TokenScores,
  PairScores,
} from "./core/measures.js";
export { AGGREGATIONS } from "./core/aggregate.js";
export type { Aggregation } from "./core/aggregate.js";
export type { Order } from "./core/options.js";
export type { TokenWins } from "./core/instanceSummary.js";
export type { InstanceData, ModelLabel } from "./core/InstanceData.js";
export type { InstanceJSON } from "./core/instanceJson.js";
export { isAligned } from "./core/AlignedData.js";
export type { AlignedData, AlignedSide } from "./core/AlignedData.js";
export type { AlignedJSON } from "./core/alignedJson.js";
export type { AlignedTextJSON, AlignedTokenJSON } from "./core/alignedTextJson.js";
export type { CorpusData } from "./core/CorpusData.js";

// Options of the figure and notebook methods.
export type { FigureOptionsInput } from "./export/figureOptions.js";
export type { LaTeXOptionsInput } from "./export/latexOptions.js";
export type { PNGOptions } from "./export/svgToPNG.js";
export type { NotebookView } from "./notebook/NotebookView.js";
export { ViewWidget, type WidgetProgress } from "./notebook/ViewWidget.js";
export type { ViewSelection } from "./notebook/ViewSelection.js";
export type { MimeBundle } from "./notebook/displayBundle.js";
export type { InstanceViewOptions, CorpusViewOptions, HtmlOptions } from "./notebook/viewOptions.js";
