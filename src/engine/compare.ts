import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeInt, maybeTopK } from "../core/options.js";
import { AnalysisCache } from "./AnalysisCache.js";
import { analyze, type Progress } from "./analyze.js";
import { buildInstance } from "./buildInstance.js";
import { CorpusComparison } from "./CorpusComparison.js";
import { assertTexts, inlineDataset, loadDataset, type Dataset } from "./Dataset.js";
import { InstanceComparison } from "./InstanceComparison.js";
import { Model, type LoadOptions } from "./Model.js";
import { cacheDir } from "./paths.js";
import { scoreTexts } from "./scoreTexts.js";

export interface CompareAllOptions {
  /** Top-k size recorded per token (default 10). */
  topK?: number;
  /** Cap of clamped_rank_diff (default 50). */
  maxClampRank?: number;
  /** Where corpus analyses are cached (default ~/.cache/lmdiff/analysis). */
  cacheDir?: string;
  /** Recompute caches even when a matching one exists. */
  force?: boolean;
  signal?: AbortSignal;
  /** Progress of corpus analyses; `model` says which of the two is running. */
  onProgress?: (p: Progress & { model: 1 | 2 }) => void;
  /** Options for loading models given as strings. */
  load?: LoadOptions;
}

export type CorpusInput = readonly string[] | Dataset | { dataset: string; field?: string; column?: string };

function isDataset(x: unknown): x is Dataset {
  return !!x && typeof x === "object" && Array.isArray((x as Dataset).texts) && typeof (x as Dataset).checksum === "string";
}

/** The cache file of (model, dataset, k) inside a cache folder. */
export function cachePath(dir: string, model: Model, dataset: Dataset, topK: number): string {
  const safe = (s: string) => s.replace(/[^\w.-]+/g, "_");
  return path.join(dir, `${safe(model.name)}-${model.onnxSha256().slice(0, 8)}__${safe(dataset.name)}-${dataset.checksum.slice(0, 8)}__k${topK}.arrow`);
}

/**
 * Compare two models.  A string is one text: the result is an
 * InstanceComparison, scored live.  An array of texts, a Dataset, or
 * `{ dataset: "name or file" }` is a corpus: both models analyse it (into
 * reusable caches) and the result is a CorpusComparison.
 */
export async function compare(m1: Model | string, m2: Model | string, input: string, opts?: CompareAllOptions): Promise<InstanceComparison>;
export async function compare(m1: Model | string, m2: Model | string, input: CorpusInput, opts?: CompareAllOptions): Promise<CorpusComparison>;
export async function compare(
  m1: Model | string,
  m2: Model | string,
  input: string | CorpusInput,
  opts: CompareAllOptions = {},
): Promise<InstanceComparison | CorpusComparison> {
  // Everything that can be checked without the models is checked first:
  // a model given by name takes seconds to load, and a mistake in the input
  // should not wait for it.  The top-k range needs the vocabulary size, so
  // it is checked again once the models are loaded.
  maybeTopK(opts.topK);
  const maxClampRank = maybeInt("max clamp rank", opts.maxClampRank, 50, 1);
  if (typeof input === "string") assertText(input);
  const dataset = typeof input === "string" ? undefined : corpusDataset(input);
  const owned: Model[] = [];
  const get = async (m: Model | string) => {
    if (m instanceof Model) return m;
    const loaded = await Model.load(m, opts.load);
    owned.push(loaded);
    return loaded;
  };
  try {
    const a = await get(m1);
    const b = await get(m2);
    Model.assertComparable(a, b);
    const topK = maybeTopK(opts.topK, Math.min(a.vocabSize, b.vocabSize));
    if (dataset === undefined) return await compareText(a, b, input as string, topK, maxClampRank, opts.signal);
    const dir = opts.cacheDir ?? path.join(cacheDir(), "analysis");
    const run = (model: Model, which: 1 | 2): Promise<AnalysisCache> =>
      analyze(model, dataset, {
        output: cachePath(dir, model, dataset, topK),
        topK,
        force: opts.force,
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ ...p, model: which }),
      });
    const ca = await run(a, 1);
    const cb = await run(b, 2);
    return CorpusComparison.fromCaches(ca, cb, { maxClampRank }, a.vocabulary);
  } finally {
    for (const m of owned) await m.dispose();
  }
}

/** The corpus of compare() as a Dataset, checked before any model is loaded. */
function corpusDataset(input: CorpusInput): Dataset {
  if (isDataset(input)) {
    // A Dataset built by hand gets the same checks as an array of texts.
    assertTexts(input.texts);
    return input;
  }
  if (Array.isArray(input)) return inlineDataset(input);
  if (input && typeof (input as { dataset?: unknown }).dataset === "string") {
    const d = input as { dataset: string; field?: string; column?: string };
    return loadDataset(d.dataset, { field: d.field, column: d.column });
  }
  throw new LmdiffError("compare() takes a text, an array of texts, a dataset, or { dataset: name }", "bad-option");
}

function assertText(text: unknown): asserts text is string {
  if (typeof text !== "string" || text.trim() === "") throw new LmdiffError("the text is empty", "empty-text");
}

/**
 * Score one text with both models and build its token-level comparison.
 * Every caller (compare(), the CLI, the server) gets its top-k checked here
 * against the vocabulary: a larger k would fill the lists with garbage.
 */
export async function compareText(a: Model, b: Model, text: string, topK = 10, maxClampRank = 50, signal?: AbortSignal): Promise<InstanceComparison> {
  assertText(text);
  Model.assertComparable(a, b);
  topK = maybeTopK(topK, Math.min(a.vocabSize, b.vocabSize));
  maxClampRank = maybeInt("max clamp rank", maxClampRank, 50, 1);
  const ids = a.encode(text);
  const [s1] = await scoreTexts(a, [ids], { k: topK, signal });
  const [s2] = await scoreTexts(b, [ids], { k: topK, signal });
  return new InstanceComparison(
    buildInstance({
      index: 0,
      text,
      ids,
      m1: s1,
      m2: s2,
      k1: topK,
      k2: topK,
      models: [
        { name: a.name, spec: a.spec },
        { name: b.name, spec: b.spec },
      ],
      vocabulary: a.vocabulary,
      maxClampRank,
    }),
  );
}

/** Compare two cache files (checks dataset and tokenizer first). */
export function compareCaches(a: AnalysisCache | string, b: AnalysisCache | string, opts: { maxClampRank?: number } = {}): CorpusComparison {
  const ca = typeof a === "string" ? AnalysisCache.open(a) : a;
  const cb = typeof b === "string" ? AnalysisCache.open(b) : b;
  return CorpusComparison.fromCaches(ca, cb, opts);
}
