import type { FastifyInstance } from "fastify";
import type { Aggregation } from "../core/aggregate.js";
import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { alignedToJSON, type AlignedJSON } from "../core/alignedJson.js";
import type { GapReportJSON } from "../api/GapReport.js";
import type { InstanceData } from "../core/InstanceData.js";
import { instanceToJSON, type InstanceJSON } from "../core/instanceJson.js";
import { LmdiffError } from "../core/LmdiffError.js";
import type { CorpusMeasure } from "../core/measures.js";
import type { Order } from "../core/options.js";
import { compareText } from "../engine/compareText.js";
import { VERSION } from "../version.js";
import type { Catalog } from "./Catalog.js";
import type { InferenceQueue } from "./InferenceQueue.js";
import * as S from "./schemas.js";
import { publicLabels } from "./publicSpec.js";
import { strictBody } from "./strictBody.js";

export interface ApiOptions {
  catalog: Catalog;
  queue: InferenceQueue;
  /** Longest text /api/analyze accepts, in characters (413 beyond). */
  maxTextChars: number;
  /** Top-k size and clamp cap of live analyses. */
  topK: number;
  maxClampRank: number;
  openapi: () => object;
}

interface SuggestionsQuery {
  m1: string;
  m2: string;
  dataset: string;
  measure?: CorpusMeasure;
  agg: Aggregation;
  k: number;
  order: Order;
  bins: number;
  corpus: boolean;
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Count characters as code points, so an emoji is one character. */
function charCount(s: string, stopAfter: number): number {
  let n = 0;
  for (const _ of s) if (++n > stopAfter) break;
  return n;
}

/**
 * The JSON API: thin handlers over the Catalog (cheap, cached) and the
 * InferenceQueue (live).  A handler with nothing to wait for returns its
 * answer directly; fastify sends it, or answers what it throws, as for an
 * async handler.
 */
export function registerApiRoutes(app: FastifyInstance, o: ApiOptions): void {
  const { catalog, queue } = o;
  const t0 = Date.now();

  app.get(
    "/api/health",
    { schema: { summary: "Liveness, queue and memory", response: { 200: S.healthResponse, ...S.errorResponses } } },
    () => {
      const mem = process.memoryUsage();
      return {
        status: "ok",
        version: VERSION,
        uptime: (Date.now() - t0) / 1000,
        queue: queue.stats(),
        memory: { rss: mem.rss, heapUsed: mem.heapUsed },
      };
    },
  );

  app.get(
    "/api/models",
    {
      schema: {
        summary: "The models this server offers, and which pairs are comparable",
        response: { 200: S.modelsResponse, ...S.errorResponses },
      },
    },
    () => ({
      models: catalog.modelList(),
      pairs: catalog.pairList(),
    }),
  );

  app.get<{ Querystring: { m1?: string; m2?: string } }>(
    "/api/datasets",
    {
      schema: {
        summary: "Datasets with a precomputed comparison (of m1 and m2, when given)",
        querystring: S.datasetsQuery,
        response: { 200: S.datasetsResponse, ...S.errorResponses },
      },
    },
    (req) => ({ datasets: catalog.datasets(req.query.m1, req.query.m2) }),
  );

  app.get<{ Querystring: SuggestionsQuery }>(
    "/api/suggestions",
    {
      schema: {
        summary: "Top outliers, histogram and the per-text columns of the global view",
        querystring: S.suggestionsQuery,
        response: { 200: S.suggestionsResponse, ...S.errorResponses },
      },
    },
    (req) => {
      const q = req.query;
      const c = catalog.comparison(q.m1, q.m2, q.dataset);
      const measure = q.measure ?? c.defaultMeasure;
      return {
        models: catalog.corpusPayload(q.m1, q.m2, q.dataset).models,
        dataset: q.dataset,
        measure,
        agg: q.agg,
        order: q.order,
        texts: c.length,
        top: c.top(measure, { agg: q.agg, k: q.k, order: q.order }).map((r) => ({ ...r, value: orNull(r.value) })),
        histogram: c.histogram(measure, { agg: q.agg, bins: q.bins }).map((b) => ({ x0: orNull(b.x0), x1: orNull(b.x1), count: b.count })),
        ...(q.corpus ? { corpus: catalog.corpusPayload(q.m1, q.m2, q.dataset) } : {}),
      };
    },
  );

  app.get<{ Querystring: { m1: string; m2: string; dataset: string; index: number } }>(
    "/api/instance",
    {
      schema: {
        summary: "The comparison of one text of a dataset, from the caches (no model runs): token by token, or on bytes for two tokenizers",
        querystring: S.instanceQuery,
        response: { 200: S.comparisonJsonSchema, ...S.errorResponses },
      },
    },
    (req) => {
      const q = req.query;
      const c = catalog.comparison(q.m1, q.m2, q.dataset);
      if (q.index >= c.length) throw new LmdiffError(`text index ${q.index} is out of range (0 to ${c.length - 1})`, "out-of-range", 404);
      const d = c.instance(q.index).data;
      return comparisonToJSON({ ...d, models: publicLabels(d.models) });
    },
  );

  // Gap reports read every text of both caches: each is made once per pair, dataset and length.
  const gaps = new Map<string, { report: GapReportJSON; svg: string }>();
  app.get<{ Querystring: { m1: string; m2: string; dataset: string; top: number } }>(
    "/api/gaps",
    {
      schema: {
        summary: "Where the bits-per-byte gap of two models with different tokenizers lies: buckets, literals, texts (from the caches)",
        querystring: S.gapsQuery,
        response: { 200: S.gapsResponse, ...S.errorResponses },
      },
    },
    (req) => {
      const q = req.query;
      const key = JSON.stringify([q.m1, q.m2, q.dataset, q.top]);
      let g = gaps.get(key);
      if (!g) {
        const r = catalog.comparison(q.m1, q.m2, q.dataset).gapReport({ top: q.top });
        const report = r.toJSON();
        g = { report: { ...report, models: publicLabels(report.models) }, svg: r.toSVG() };
        gaps.set(key, g);
      }
      return g;
    },
  );

  app.post<{ Body: { m1: string; m2: string; text: string } }>(
    "/api/analyze",
    {
      preValidation: strictBody(S.analyzeBody),
      schema: {
        summary: "Compare both models on any text, live (queued; 429 with Retry-After when the queue is full)",
        body: S.analyzeBody,
        response: { 200: S.comparisonJsonSchema, ...S.errorResponses },
      },
    },
    async (req) => {
      const { text } = req.body;
      const [a, b] = catalog.pair(req.body.m1, req.body.m2);
      if (charCount(text, o.maxTextChars) > o.maxTextChars)
        throw new LmdiffError(`the text is longer than ${o.maxTextChars.toLocaleString("en-US")} characters`, "text-too-long", 413);
      if (text.trim() === "") throw new LmdiffError("the text is empty", "empty-text");
      // Stop the work when the client goes away before the answer.
      const gone = new AbortController();
      const onClose = () => gone.abort();
      req.raw.socket?.once("close", onClose);
      try {
        const d = await queue.run((signal) => compareText(a, b, text, { topK: o.topK, maxClampRank: o.maxClampRank, signal }), {
          signal: gone.signal,
        });
        return comparisonToJSON({ ...d, models: publicLabels(d.models) });
      } finally {
        req.raw.socket?.off("close", onClose);
      }
    },
  );

  app.get(
    "/api/openapi.json",
    {
      schema: {
        summary: "This description (OpenAPI 3.1)",
        response: { 200: { type: "object", additionalProperties: true }, ...S.errorResponses },
      },
    },
    () => o.openapi(),
  );
}

/** The JSON of one text's comparison: InstanceJSON, or AlignedJSON for two tokenizers. */
function comparisonToJSON(d: InstanceData | AlignedData): InstanceJSON | AlignedJSON {
  return isAligned(d) ? alignedToJSON(d) : instanceToJSON(d);
}
