import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { PairCache } from "../engine/PairCache.js";
import { AnalysisCache } from "../engine/AnalysisCache.js";
import { CorpusComparison } from "../api/CorpusComparison.js";
import { loadModel, type LoadOptions, type Model } from "../engine/Model.js";
import type { Dtype } from "../engine/onnxDtype.js";
import { readProjectConfig } from "../engine/ProjectConfig.js";
import { loadTable } from "../engine/saveTable.js";
import { corpusToPayload, type CorpusPayload } from "../core/corpusJson.js";
import { publicLabels } from "./publicSpec.js";

export interface PairInfo {
  m1: string;
  m2: string;
  comparable: boolean;
  /** Why a pair cannot be compared (absent when it can). */
  reason?: string;
  /** "tokens" when the two share a tokenizer; "bytes" when they do not and are compared on the text's bytes. */
  on: "tokens" | "bytes";
}

export interface DatasetInfo {
  name: string;
  texts: number;
}

const key = (...parts: string[]) => parts.join("\u0000");

/**
 * What a server offers, fixed at start: the loaded models (kept for the
 * server's life), which ordered pairs of them are comparable, and the
 * precomputed corpus comparisons by (model 1, model 2, dataset).  Requests
 * only ever look names up here, so no request can make the server load a
 * file or a model.
 */
export class Catalog {
  private readonly models = new Map<string, Model>();
  private readonly pairs = new Map<string, PairInfo>();
  private readonly comparisons = new Map<string, CorpusComparison>();
  private readonly datasetInfo = new Map<string, DatasetInfo>();
  private readonly payloads = new Map<string, CorpusPayload>();

  private constructor(models: Model[]) {
    for (const m of models) {
      if (this.models.has(m.name)) throw new LmdiffError(`two models are named "${m.name}"; give them distinct folder names`, "bad-config");
      this.models.set(m.name, m);
    }
    for (const a of models)
      for (const b of models) {
        if (a === b) continue;
        // Any two models are comparable: token by token with one tokenizer, on bytes with two.
        this.pairs.set(key(a.name, b.name), {
          m1: a.name,
          m2: b.name,
          comparable: true,
          on: a.fingerprint === b.fingerprint ? "tokens" : "bytes",
        });
      }
  }

  /** Live analysis only: two models (of one tokenizer or two). */
  static async fromModels(specs: string[], load: LoadOptions = {}, dtypes: readonly (Dtype | undefined)[] = []): Promise<Catalog> {
    const models: Model[] = [];
    try {
      for (const [i, s] of specs.entries()) models.push(await loadModel(s, dtypes[i] ? { ...load, dtype: dtypes[i] } : load));
      return new Catalog(models);
    } catch (e) {
      for (const m of models) await m.dispose();
      throw e;
    }
  }

  /** Everything `lmdiff preprocess all` wrote into DIR (lmdiff.json), models loaded and comparisons opened. */
  static async fromProject(dir: string, load: LoadOptions = {}): Promise<Catalog> {
    const cfg = readProjectConfig(dir);
    const models: Model[] = [];
    try {
      for (const m of cfg.models) {
        // A relative folder is taken relative to DIR when it is not one relative to the working folder.
        const rel = !path.isAbsolute(m.spec) && !fs.existsSync(m.spec) && fs.existsSync(path.join(dir, m.spec, "config.json"));
        // The graph the caches were made with (a dtype variant), where recorded.
        const onnx = typeof m.onnx === "string" ? { onnxFile: m.onnx } : {};
        const tokenizer = typeof m.tokenizer === "string" ? { tokenizer: m.tokenizer } : {};
        models.push(await loadModel(rel ? path.join(dir, m.spec) : m.spec, { ...load, ...onnx, ...tokenizer, name: m.name }));
      }
      const catalog = new Catalog(models);
      const caches = new Map<string, AnalysisCache>();
      const cacheOf = (model: string, dataset: string): AnalysisCache => {
        const entry = cfg.caches.find((c) => c.model === model && c.dataset === dataset);
        if (!entry) throw new LmdiffError(`${dir}/lmdiff.json lists no cache of ${model} on ${dataset}`, "bad-config");
        const file = path.resolve(dir, entry.file);
        if (!caches.has(file)) caches.set(file, AnalysisCache.open(file));
        return caches.get(file)!;
      };
      for (const c of cfg.comparisons) {
        const m1 = catalog.models.get(c.m1);
        if (!m1 || !catalog.models.has(c.m2))
          throw new LmdiffError(`${dir}/lmdiff.json compares ${c.m1} and ${c.m2} but does not list both models`, "bad-config");
        const table = loadTable(path.resolve(dir, c.file));
        // The pair cache of the two models in either order, where preprocess all wrote one.
        const p = (cfg.pairs ?? []).find(
          (x) => x.dataset === c.dataset && ((x.m1 === c.m1 && x.m2 === c.m2) || (x.m1 === c.m2 && x.m2 === c.m1)),
        );
        const pair = p ? PairCache.open(path.resolve(dir, p.file)) : null;
        const cmp = new CorpusComparison(table, [cacheOf(c.m1, c.dataset), cacheOf(c.m2, c.dataset)], m1.vocabulary, pair);
        catalog.comparisons.set(key(c.m1, c.m2, c.dataset), cmp);
        const listed = cfg.datasets.find((d) => d.name === c.dataset);
        catalog.datasetInfo.set(c.dataset, { name: c.dataset, texts: listed?.texts ?? cmp.length });
      }
      return catalog;
    } catch (e) {
      for (const m of models) await m.dispose();
      throw e;
    }
  }

  /** Model names and kinds, in the order they were given. */
  modelList(): { name: string; kind: string }[] {
    return [...this.models.values()].map((m) => ({ name: m.name, kind: m.kind }));
  }

  pairList(): PairInfo[] {
    return [...this.pairs.values()];
  }

  model(name: unknown): Model {
    const m = typeof name === "string" ? this.models.get(name) : undefined;
    if (!m)
      throw new LmdiffError(
        `unknown model ${JSON.stringify(name)} (this server offers ${[...this.models.keys()].join(", ")})`,
        "unknown-model",
        404,
      );
    return m;
  }

  /** Both models of a pair, checked to be known, distinct and comparable. */
  pair(m1: unknown, m2: unknown): [Model, Model] {
    const a = this.model(m1);
    const b = this.model(m2);
    if (a === b) throw new LmdiffError(`m1 and m2 are both ${a.name}; pick two different models`, "same-model");
    const p = this.pairs.get(key(a.name, b.name))!;
    if (!p.comparable) throw new LmdiffError(p.reason!, "incompatible-models", 422);
    return [a, b];
  }

  /** Datasets with a comparison of m1 and m2 (all datasets when no pair is given). */
  datasets(m1?: string, m2?: string): DatasetInfo[] {
    if (m1 === undefined && m2 === undefined) return [...this.datasetInfo.values()];
    const [a, b] = this.pair(m1, m2);
    return [...this.datasetInfo.values()].filter((d) => this.comparisons.has(key(a.name, b.name, d.name)));
  }

  comparison(m1: string, m2: string, dataset: string): CorpusComparison {
    const [a, b] = this.pair(m1, m2);
    const c = this.comparisons.get(key(a.name, b.name, dataset));
    if (!c) {
      const have = this.datasets(a.name, b.name).map((d) => d.name);
      throw new LmdiffError(
        `no comparison of ${a.name} and ${b.name} on dataset ${JSON.stringify(dataset)} (${have.length ? `available: ${have.join(", ")}` : "this server has none for this pair"})`,
        "unknown-dataset",
        404,
      );
    }
    return c;
  }

  /** The corpus columns of a comparison, encoded once and kept. */
  corpusPayload(m1: string, m2: string, dataset: string): CorpusPayload {
    const k = key(m1, m2, dataset);
    let p = this.payloads.get(k);
    if (!p) {
      const data = this.comparison(m1, m2, dataset).toCorpusData();
      p = corpusToPayload({ ...data, models: publicLabels(data.models) });
      this.payloads.set(k, p);
    }
    return p;
  }

  async dispose(): Promise<void> {
    for (const m of this.models.values()) await m.dispose();
    this.models.clear();
  }
}
