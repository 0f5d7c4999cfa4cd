import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { maybeMaxClampRank, maybeTopK } from "../core/options.js";
import { AnalysisCache } from "../engine/AnalysisCache.js";
import { analyze, type Progress } from "../engine/analyze.js";
import { analyzePair } from "../engine/analyzePair.js";
import { cachePath, pairCachePath } from "../engine/cachePath.js";
import { assertText, compareText } from "../engine/compareText.js";
import { assertTexts, inlineDataset, loadDataset, type Dataset } from "../engine/Dataset.js";
import { loadModel, Model, type LoadOptions } from "../engine/Model.js";
import { PairCache } from "../engine/PairCache.js";
import { cacheDir } from "../engine/paths.js";
import { jointScoringProblem } from "../engine/scorePair.js";
import { CorpusComparison } from "./CorpusComparison.js";
import { InstanceComparison } from "./InstanceComparison.js";

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
  /**
   * Progress of corpus analyses; `model` says which of the two is running
   * (1 for a joint run of both, which models of the same kind get).
   */
  onProgress?: (p: Progress & { model: 1 | 2 }) => void;
  /** Options for loading models given as strings. */
  load?: LoadOptions;
}

export type CorpusInput = readonly string[] | Dataset | { dataset: string; field?: string; column?: string };

function isDataset(x: unknown): x is Dataset {
  return !!x && typeof x === "object" && Array.isArray((x as Dataset).texts) && typeof (x as Dataset).checksum === "string";
}

/**
 * Compare two models.  A string is one text: the result is an
 * InstanceComparison, scored live.  An array of texts, a Dataset, or
 * `{ dataset: "name or file" }` is a corpus: both models analyse it (into
 * reusable caches) and the result is a CorpusComparison.
 */
export async function compare(m1: Model | string, m2: Model | string, input: string, opts?: CompareAllOptions): Promise<InstanceComparison>;
export async function compare(
  m1: Model | string,
  m2: Model | string,
  input: CorpusInput,
  opts?: CompareAllOptions,
): Promise<CorpusComparison>;
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
  const maxClampRank = maybeMaxClampRank(opts.maxClampRank);
  if (typeof input === "string") assertText(input);
  const dataset = typeof input === "string" ? undefined : corpusDataset(input);
  const owned: Model[] = [];
  const get = async (m: Model | string) => {
    if (m instanceof Model) return m;
    const loaded = await loadModel(m, opts.load);
    owned.push(loaded);
    return loaded;
  };
  try {
    const a = await get(m1);
    const b = await get(m2);
    // Both stay loaded while each scores: models compare loaded itself share
    // the memory bound (a caller's own models are left as they are).
    if (owned.length === 2) {
      a.shareMemoryWith([b]);
      b.shareMemoryWith([a]);
    }
    const topK = maybeTopK(opts.topK, Math.min(a.vocabSize, b.vocabSize));
    if (dataset === undefined)
      return new InstanceComparison(await compareText(a, b, input as string, { topK, maxClampRank, signal: opts.signal }));
    const dir = opts.cacheDir ?? path.join(cacheDir(), "analysis");
    const run = (model: Model, which: 1 | 2): Promise<AnalysisCache> =>
      analyze(model, dataset, {
        output: cachePath(dir, model, dataset, topK),
        topK,
        force: opts.force,
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ ...p, model: which }),
      });
    if (jointScoringProblem(a, b) === null) {
      // Both models in one pass: their caches and the joint measures' pair cache.
      const r = await analyzePair(a, b, dataset, {
        outputs: {
          cache1: cachePath(dir, a, dataset, topK),
          cache2: cachePath(dir, b, dataset, topK),
          pair: pairCachePath(dir, a, b, dataset),
        },
        topK,
        force: opts.force,
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ ...p, model: 1 }),
      });
      return CorpusComparison.fromCaches(r.cache1, r.cache2, { maxClampRank, pair: r.pair }, a.vocabulary);
    }
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

/**
 * Compare two analysis caches, given as caches or as their files (checks
 * dataset and tokenizer first); with their pair cache (`pair`), the joint
 * measures too.  Without one, KL, JS and TV are not available: they need
 * both models' full distributions, which caches do not keep.
 *
 * Given as files (and the pair cache as a file or not at all), the caches
 * are read a chunk of documents at a time, so memory does not grow with
 * their size; they are opened whole only if a token-level view (instance,
 * stats) asks for them.
 */
export function compareCaches(
  a: AnalysisCache | string,
  b: AnalysisCache | string,
  opts: { maxClampRank?: number; pair?: PairCache | string } = {},
): CorpusComparison {
  if (typeof a === "string" && typeof b === "string" && (opts.pair === undefined || opts.pair === null || typeof opts.pair === "string"))
    return CorpusComparison.fromCacheFiles(a, b, { maxClampRank: opts.maxClampRank, pair: opts.pair });
  const ca = typeof a === "string" ? AnalysisCache.open(a) : a;
  const cb = typeof b === "string" ? AnalysisCache.open(b) : b;
  const pair = typeof opts.pair === "string" ? PairCache.open(opts.pair) : opts.pair;
  return CorpusComparison.fromCaches(ca, cb, { maxClampRank: opts.maxClampRank, pair });
}
