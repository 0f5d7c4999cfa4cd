import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { LmdiffError } from "../core/LmdiffError.js";
import type { Model } from "../engine/Model.js";
import { promptLogprobs, type PromptLogprobs } from "../engine/promptLogprobs.js";
import type { Catalog } from "./Catalog.js";
import type { InferenceQueue } from "./InferenceQueue.js";

/** The largest top-k a request may ask for (vLLM's default max_logprobs). */
const MAX_LOGPROBS = 20;
/** Prompts of one request at most. */
const MAX_PROMPTS = 256;

interface CompletionsBody {
  model: string;
  prompt: number[] | number[][];
  max_tokens?: number;
  echo?: boolean;
  logprobs?: number | null;
  prompt_logprobs?: number | null;
  return_tokens_as_token_ids?: boolean;
  temperature?: number;
}

const completionsBody = {
  type: "object",
  required: ["model", "prompt"],
  properties: {
    model: { type: "string", minLength: 1, maxLength: 200 },
    prompt: {
      description: "Token ids: one prompt, or a list of prompts (lmdiff serve scores token ids, as lmdiff's client sends them).",
      // anyOf, not oneOf: fastify's validator coerces a number to a one-element array, so [1, 2] would match both.
      anyOf: [
        { type: "array", minItems: 1, items: { type: "integer", minimum: 0 } },
        {
          type: "array",
          minItems: 1,
          maxItems: MAX_PROMPTS,
          items: { type: "array", minItems: 1, items: { type: "integer", minimum: 0 } },
        },
      ],
    },
    max_tokens: {
      type: "integer",
      minimum: 0,
      maximum: 1,
      description: "0 or 1: lmdiff serve scores prompts; the one token is the greedy next one.",
    },
    echo: { type: "boolean" },
    logprobs: { anyOf: [{ type: "integer", minimum: 0, maximum: MAX_LOGPROBS }, { type: "null" }] },
    prompt_logprobs: { anyOf: [{ type: "integer", minimum: 0, maximum: MAX_LOGPROBS }, { type: "null" }] },
    return_tokens_as_token_ids: { type: "boolean" },
    temperature: { type: "number", minimum: 0 },
  },
} as const;

/**
 * The part of the OpenAI-compatible API that lmdiff's remote scoring uses,
 * answered for the causal models this server loaded, in vLLM's shapes:
 * GET /v1/models (with max_model_len) and POST /v1/completions with
 * token-id prompts, echo, logprobs and vLLM's prompt_logprobs.  So one
 * lmdiff can score for another ("http://host:8000/v1#tiny-en"), and the
 * client is tested against a real server on loopback.  Extensions, which
 * other clients ignore: lmdiff_prompt_entropy (exact entropies, nats),
 * lmdiff_rank "greater" (ranks count strictly larger probabilities) and
 * lmdiff_onnx_sha256 in /v1/models.  Work goes through the server's
 * inference queue; a full queue answers 429 with Retry-After.
 */
export function registerCompletionsRoutes(app: FastifyInstance, o: { catalog: Catalog; queue: InferenceQueue }): void {
  const created = Math.floor(Date.now() / 1000);
  app.get("/v1/models", { schema: { summary: "OpenAI-compatible: the causal models this server scores (vLLM's fields)" } }, () => ({
    object: "list",
    data: o.catalog
      .modelList()
      .filter((m) => m.kind === "causal")
      .map(({ name }) => {
        const m = o.catalog.model(name);
        return {
          id: name,
          object: "model",
          created,
          owned_by: "lmdiff",
          root: name,
          max_model_len: m.contextLength,
          ...(m.remote ? {} : { lmdiff_onnx_sha256: m.onnxSha256() }),
        };
      }),
  }));

  app.post<{ Body: CompletionsBody }>(
    "/v1/completions",
    {
      // Many long token-id prompts fit (32 prompts of 4,096 ids are about 1 MB).
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        summary: "OpenAI-compatible completions with vLLM's prompt_logprobs (token-id prompts; max_tokens 0 or 1)",
        body: completionsBody,
      },
    },
    async (req) => {
      const b = req.body;
      const m = o.catalog.model(b.model);
      if (m.kind !== "causal")
        throw new LmdiffError(`${m.name} is a masked model; /v1/completions serves causal models`, "unsupported-model", 400);
      const prompts = (Array.isArray(b.prompt[0]) ? (b.prompt as number[][]) : [b.prompt as number[]]).map((p) => Int32Array.from(p));
      const maxTokens = b.max_tokens ?? 1;
      for (const [i, p] of prompts.entries()) {
        if (p.length + maxTokens > m.contextLength)
          throw new LmdiffError(
            `This model's maximum context length is ${m.contextLength} tokens. However, you requested ${p.length + maxTokens} tokens (${p.length} in prompt ${i}, ${maxTokens} for the completion)`,
            "context-too-long",
            400,
          );
        const bad = p.find((t) => t >= m.vocabSize);
        if (bad !== undefined)
          throw new LmdiffError(`prompt ${i} holds token id ${bad}, outside ${m.name}'s ${m.vocabSize} ids`, "bad-token", 400);
      }
      const k = Math.max(1, b.prompt_logprobs ?? 0, b.logprobs ?? 0);
      const gone = new AbortController();
      const onClose = () => gone.abort();
      req.raw.socket?.once("close", onClose);
      let scores: PromptLogprobs[];
      try {
        scores = await o.queue.run((signal) => promptLogprobs(m, prompts, k, signal), { signal: gone.signal });
      } finally {
        req.raw.socket?.off("close", onClose);
      }
      const choices = prompts.map((p, i) => choice(m, p, scores[i], i, b, k, maxTokens));
      const completion = maxTokens * prompts.length;
      const promptTokens = prompts.reduce((s, p) => s + p.length, 0);
      return {
        id: `cmpl-${randomUUID()}`,
        object: "text_completion",
        created: Math.floor(Date.now() / 1000),
        model: m.name,
        choices,
        usage: { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion },
      };
    },
  );
}

/** One choice in vLLM's shape: the greedy next token, and the logprobs asked for. */
function choice(m: Model, p: Int32Array, s: PromptLogprobs, index: number, b: CompletionsBody, k: number, maxTokens: number) {
  const P = p.length;
  const asIds = b.return_tokens_as_token_ids === true;
  const name = (id: number) => (asIds ? `token_id:${id}` : m.vocabulary.displayToken(id));
  const generated = maxTokens > 0 ? [s.topkIds[P * k]] : [];
  const top = (j: number, n: number) => Array.from({ length: n }, (_, c) => ({ id: s.topkIds[j * k + c], lp: s.topkLogprob[j * k + c] }));
  const ids = b.echo ? [...p, ...generated] : generated;
  const text = ids.map((id) => m.vocabulary.displayToken(id)).join("");
  const out: Record<string, unknown> = { index, text, finish_reason: "length", stop_reason: null };
  if (typeof b.logprobs === "number") {
    // Entry j of the standard fields: the token at j (prompt, then the
    // generated one) and the top-k predicted for it; the first prompt
    // token has none (null).
    const at = b.echo ? Array.from({ length: P + generated.length }, (_, j) => j) : generated.map((_, j) => P + j);
    const lpOf = (j: number) => (j < P ? s.logprob[j] : s.topkLogprob[P * k]);
    const offsets: number[] = [];
    let chars = 0;
    for (const j of at) {
      offsets.push(chars);
      chars += m.vocabulary.displayToken(ids[b.echo ? j : j - P]).length;
    }
    out.logprobs = {
      tokens: at.map((j) => name(j < P ? p[j] : generated[j - P])),
      token_logprobs: at.map((j) => (j === 0 ? null : lpOf(j))),
      top_logprobs: at.map((j) => (j === 0 ? null : Object.fromEntries(top(j, b.logprobs!).map((e) => [name(e.id), e.lp])))),
      text_offset: offsets,
    };
  } else out.logprobs = null;
  if (typeof b.prompt_logprobs === "number") {
    const n = b.prompt_logprobs;
    out.prompt_logprobs = Array.from({ length: P }, (_, j) => {
      if (j === 0) return null;
      const entry: Record<string, { logprob: number; rank: number; decoded_token: string }> = {};
      top(j, n).forEach((e, c) => (entry[e.id] = { logprob: e.lp, rank: c + 1, decoded_token: name(e.id) }));
      // The prompt token with its own rank, unless it is in the top-n.
      if (!(p[j] in entry)) entry[p[j]] = { logprob: s.logprob[j], rank: s.rank[j], decoded_token: name(p[j]) };
      return entry;
    });
    out.lmdiff_prompt_entropy = Array.from({ length: P }, (_, j) => (j === 0 ? null : s.entropy[j]));
    out.lmdiff_rank = "greater";
  }
  return out;
}
