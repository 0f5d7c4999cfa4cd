import { AGGREGATIONS } from "../core/aggregate.js";
import { CORPUS_MEASURES } from "../core/measures.js";
import { DEFAULT_BINS, DEFAULT_TOP_TEXTS } from "../core/options.js";

/**
 * The JSON schemas of every route: fastify validates requests and
 * serialises responses with them, and /api/openapi.json is built from the
 * same objects, so the documentation cannot drift from the code.
 */

export const errorSchema = {
  type: "object",
  description: 'A one-line reason, starting with "lmdiff: ".',
  required: ["error"],
  properties: { error: { type: "string" } },
} as const;

const modelName = { type: "string", minLength: 1, maxLength: 200, description: "A model name from GET /api/models." } as const;
const datasetName = { type: "string", minLength: 1, maxLength: 200, description: "A dataset name from GET /api/datasets." } as const;

const modelLabel = {
  type: "object",
  required: ["name", "spec"],
  properties: { name: { type: "string" }, spec: { type: "string" } },
} as const;

const models2 = { type: "array", items: modelLabel, minItems: 2, maxItems: 2 } as const;

export const modelsResponse = {
  type: "object",
  required: ["models", "pairs"],
  properties: {
    models: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "kind"],
        properties: { name: { type: "string" }, kind: { type: "string", enum: ["causal", "masked"] } },
      },
    },
    pairs: {
      type: "array",
      description:
        "Every ordered pair of distinct models, and how they are compared: token by token (one tokenizer) or on the text's bytes (two).",
      items: {
        type: "object",
        required: ["m1", "m2", "comparable", "on"],
        properties: {
          m1: { type: "string" },
          m2: { type: "string" },
          comparable: { type: "boolean" },
          reason: { type: "string" },
          on: { type: "string", enum: ["tokens", "bytes"] },
        },
      },
    },
  },
} as const;

export const datasetsQuery = {
  type: "object",
  properties: { m1: modelName, m2: modelName },
  dependencies: { m1: ["m2"], m2: ["m1"] },
} as const;

export const datasetsResponse = {
  type: "object",
  required: ["datasets"],
  properties: {
    datasets: {
      type: "array",
      items: { type: "object", required: ["name", "texts"], properties: { name: { type: "string" }, texts: { type: "integer" } } },
    },
  },
} as const;

/** The query parameters that name one comparison: two models and a dataset they were preprocessed on. */
const comparisonParams = { m1: modelName, m2: modelName, dataset: datasetName } as const;

export const suggestionsQuery = {
  type: "object",
  required: ["m1", "m2", "dataset"],
  properties: {
    ...comparisonParams,
    measure: {
      type: "string",
      enum: [...CORPUS_MEASURES],
      description: "Default prob_diff, or bits_diff for two models with different tokenizers (compared on bytes).",
    },
    agg: { type: "string", enum: [...AGGREGATIONS], default: "mean", description: "Per-text aggregation." },
    k: {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      default: DEFAULT_TOP_TEXTS,
      description:
        "How many outlier texts to list, as k of results.top() (not the size of the per-token top-k lists, which the server sets at start).",
    },
    order: {
      type: "string",
      enum: ["abs", "desc", "asc"],
      default: "abs",
      description: "Which extremes: by absolute value, largest or smallest.",
    },
    bins: { type: "integer", minimum: 1, maximum: 1000, default: DEFAULT_BINS, description: "Histogram bins." },
    corpus: { type: "boolean", default: true, description: "Include the per-text columns the global view draws from." },
  },
} as const;

const nullableNumber = { type: ["number", "null"], description: "null for a missing value (NaN)." } as const;

export const corpusPayloadSchema = {
  type: "object",
  description:
    "The per-text columns of the comparison (decode with lmdiffWidgets.corpusFromPayload): values are base64 of little-endian float64 arrays keyed by measure_aggregation.",
  required: ["kind", "models", "dataset", "index", "text", "nTokens", "values"],
  properties: {
    kind: { type: "string", enum: ["corpus"] },
    models: models2,
    dataset: { type: "string" },
    index: { type: "array", items: { type: "integer" } },
    text: { type: "array", items: { type: "string" } },
    nTokens: { type: "array", items: { type: "integer" } },
    values: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

export const suggestionsResponse = {
  type: "object",
  required: ["models", "dataset", "measure", "agg", "order", "texts", "top", "histogram"],
  properties: {
    models: models2,
    dataset: { type: "string" },
    measure: { type: "string" },
    agg: { type: "string" },
    order: { type: "string" },
    texts: { type: "integer" },
    top: {
      type: "array",
      items: {
        type: "object",
        required: ["index", "text", "n_tokens", "value"],
        properties: { index: { type: "integer" }, text: { type: "string" }, n_tokens: { type: "integer" }, value: nullableNumber },
      },
    },
    histogram: {
      type: "array",
      items: {
        type: "object",
        required: ["x0", "x1", "count"],
        properties: { x0: nullableNumber, x1: nullableNumber, count: { type: "integer" } },
      },
    },
    corpus: corpusPayloadSchema,
  },
} as const;

export const instanceQuery = {
  type: "object",
  required: ["m1", "m2", "dataset", "index"],
  properties: {
    ...comparisonParams,
    index: { type: "integer", minimum: 0, description: "Index of the text in the dataset." },
  },
} as const;

export const gapsQuery = {
  type: "object",
  required: ["m1", "m2", "dataset"],
  properties: {
    ...comparisonParams,
    top: { type: "integer", minimum: 1, maximum: 200, default: 20, description: "Literals and texts listed each way." },
  },
} as const;

export const gapsResponse = {
  type: "object",
  description:
    "The gap report of two models with different tokenizers (src/api/GapReport.ts): report is GapReport.toJSON() (buckets, top literals and texts each way, totals), svg its figure.",
  required: ["report", "svg"],
  properties: {
    report: { type: "object", additionalProperties: true },
    svg: { type: "string" },
  },
} as const;

const base64 = { type: "string", description: "base64 of a little-endian typed array" } as const;
const scoresSchema = {
  type: "object",
  required: ["prob", "logprob", "rank", "entropy", "topkIds", "topkProbs"],
  properties: { prob: base64, logprob: base64, rank: base64, entropy: base64, topkIds: base64, topkProbs: base64 },
} as const;

/** src/core/instanceJson.ts's InstanceJSON (decode with instanceFromJSON). */
export const instanceJsonSchema = {
  type: "object",
  description:
    "The token-level comparison of one text, as src/core/instanceJson.ts encodes it (decode with lmdiffWidgets.instanceFromJSON).",
  required: ["v", "index", "text", "models", "tokens", "partial", "tokenIds", "k", "maxClampRank", "m1", "m2", "vocab"],
  properties: {
    v: { type: "integer", enum: [1] },
    index: { type: "integer" },
    text: { type: "string" },
    models: models2,
    tokens: { type: "array", items: { type: "string" } },
    partial: base64,
    tokenIds: base64,
    k: { type: "integer" },
    maxClampRank: { type: "integer" },
    m1: scoresSchema,
    m2: scoresSchema,
    pair: {
      type: "object",
      description:
        "The joint measures per token (base64 of little-endian float32), when the two models were scored together: kl = KL(P₁‖P₂) and kl_reverse (nats), js (bits), tv.",
      required: ["kl", "kl_reverse", "js", "tv"],
      properties: { kl: base64, kl_reverse: base64, js: base64, tv: base64 },
    },
    vocab: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

/** One model's reading of the text in src/core/alignedJson.ts's AlignedJSON. */
const alignedSideSchema = {
  type: "object",
  required: ["scoring", "tokens", "partial", "tokenIds", "start", "end", "byteStart", "byteEnd", "approximate", "k", "scores", "vocab"],
  properties: {
    scoring: { type: "string", enum: ["causal", "masked"], description: "masked: the numbers are pseudo-log-likelihoods" },
    tokens: { type: "array", items: { type: "string" } },
    partial: base64,
    tokenIds: base64,
    start: { ...base64, description: "Int32 per token: the first character (code point) it owns" },
    end: { ...base64, description: "Int32 per token: one past the last character it owns" },
    byteStart: base64,
    byteEnd: base64,
    approximate: { type: "integer" },
    k: { type: "integer" },
    scores: scoresSchema,
    vocab: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

/** src/core/alignedJson.ts's AlignedJSON: one text read by two tokenizers, compared on bytes. */
export const alignedJsonSchema = {
  type: "object",
  description:
    "The comparison of one text by two models with different tokenizers, on its bytes, as src/core/alignedJson.ts encodes it: each model's bits per character (base64 of little-endian float64) and each model's own tokens.",
  required: ["v", "aligned", "index", "text", "models", "bits1", "bits2", "total1", "total2", "sides"],
  properties: {
    v: { type: "integer", enum: [1] },
    aligned: { type: "boolean", enum: [true] },
    index: { type: "integer" },
    text: { type: "string" },
    models: models2,
    bits1: base64,
    bits2: base64,
    total1: { type: "number" },
    total2: { type: "number" },
    sides: { type: "array", items: alignedSideSchema, minItems: 2, maxItems: 2 },
  },
} as const;

/** What the instance and analyze routes answer: token by token, or on bytes for two tokenizers. */
export const comparisonJsonSchema = { anyOf: [alignedJsonSchema, instanceJsonSchema] } as const;

export const analyzeBody = {
  type: "object",
  required: ["m1", "m2", "text"],
  properties: {
    m1: modelName,
    m2: modelName,
    text: {
      type: "string",
      minLength: 1,
      description: "The text to compare the models on (at most the server's --max-text characters; longer gets 413).",
    },
  },
} as const;

export const healthResponse = {
  type: "object",
  required: ["status", "uptime", "queue", "memory"],
  properties: {
    status: { type: "string", enum: ["ok"] },
    version: { type: "string" },
    uptime: { type: "number", description: "Seconds since start." },
    queue: {
      type: "object",
      properties: {
        running: { type: "integer" },
        waiting: { type: "integer" },
        maxWaiting: { type: "integer" },
        completed: { type: "integer" },
        refused: { type: "integer" },
        timedOut: { type: "integer" },
      },
    },
    memory: { type: "object", properties: { rss: { type: "integer" }, heapUsed: { type: "integer" } } },
  },
} as const;

/** Error responses every route can give. */
export const errorResponses = { "4xx": errorSchema, "5xx": errorSchema } as const;
