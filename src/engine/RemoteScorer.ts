import { createHash } from "node:crypto";
import { LmdiffError } from "../core/LmdiffError.js";
import type { TokenScores } from "../core/measures.js";
import { CompletionsClient, type CompletionsClientOptions } from "./CompletionsClient.js";
import { parsePromptScores, type PromptScores, type RankConvention, type RemoteFormat, type TokenKey } from "./promptScores.js";
import { formatRemoteSpec, type RemoteSpec } from "./remoteSpec.js";
import type { Row } from "./Row.js";

/** Prompt tokens per request (several prompts share one request up to this). */
const REQUEST_TOKENS = 8192;
/** The fewest prompt tokens worth one request, when there is that much. */
const MIN_REQUEST_TOKENS = 512;
/** Prompts per request at most: vLLM schedules them as separate sequences anyway. */
const REQUEST_PROMPTS = 32;

export interface RemoteFacts {
  /** The server's context, from /v1/models (max_model_len), when it says. */
  maxModelLen?: number;
  /** What lmdiff serve says of the model it serves: its ONNX file's sha256. */
  onnxSha256?: string;
  format: RemoteFormat;
  rankConvention: RankConvention;
  entropyExact: boolean;
}

/**
 * Scoring on OpenAI-compatible servers (see CompletionsClient): each
 * forward-pass row of the local scoring (causalRows) becomes one prompt
 * of token ids, [BOS or the window's history, ..., the row's last scored
 * token], sent with echo, max_tokens 1 and prompt_logprobs; the answer's
 * per-position numbers of the scored positions are the row's scores (see
 * parsePromptScores).  Rows are the local ones, so texts longer than the
 * server's context get the same sliding windows (with the window the
 * server allows, recorded in the cache).
 */
export class RemoteScorer {
  private constructor(
    readonly spec: RemoteSpec,
    readonly client: CompletionsClient,
    readonly facts: RemoteFacts,
    private readonly key: TokenKey,
    private readonly vocab: number,
  ) {}

  /**
   * Connect: check that the first server serves `spec.model` (/v1/models),
   * read its context, and send one two-token probe to learn the answer
   * format (vLLM's prompt_logprobs, or the standard fields only) and
   * whether the entropy is exact (lmdiff serve).  Every problem is a
   * one-line error before anything is scored.
   */
  static async connect(
    spec: RemoteSpec,
    o: { bosId: number; vocab: number; key: TokenKey; client?: Omit<CompletionsClientOptions, "urls"> },
  ): Promise<RemoteScorer> {
    const client = new CompletionsClient({ ...o.client, urls: spec.urls });
    const shown = formatRemoteSpec(spec);
    const listing = await client.get("/models", `GET ${spec.urls[0]}/models`);
    const data = (listing as { data?: unknown })?.data;
    if (!Array.isArray(data))
      throw new LmdiffError(
        `${spec.urls[0]}/models did not list models (is ${spec.urls[0]} an OpenAI-compatible base URL, ending in /v1?)`,
        "remote-bad-answer",
        502,
      );
    const entry = data.find((d) => (d as { id?: unknown })?.id === spec.model) as Record<string, unknown> | undefined;
    if (!entry)
      throw new LmdiffError(
        `${spec.urls[0]} does not serve "${spec.model}" (it serves ${data.map((d) => JSON.stringify((d as { id?: unknown }).id)).join(", ") || "nothing"})`,
        "unknown-model",
        404,
      );
    const len = entry.max_model_len;
    const facts: RemoteFacts = {
      ...(typeof len === "number" && Number.isInteger(len) && len > 2 ? { maxModelLen: len } : {}),
      ...(typeof entry.lmdiff_onnx_sha256 === "string" && /^[0-9a-f]{64}$/.test(entry.lmdiff_onnx_sha256)
        ? { onnxSha256: entry.lmdiff_onnx_sha256 }
        : {}),
      format: "prompt_logprobs",
      rankConvention: "greater-or-equal-beyond-k",
      entropyExact: false,
    };
    const scorer = new RemoteScorer(spec, client, facts, o.key, o.vocab);
    const probe = await scorer.request([Int32Array.of(o.bosId, o.bosId)], 1, `probe of ${shown}`, null);
    Object.assign(facts, { format: probe[0].format, rankConvention: probe[0].rankConvention, entropyExact: probe[0].entropy !== null });
    return scorer;
  }

  /** A name for the model's identity in caches: lmdiff serve's ONNX sha256, else a hash of the served name. */
  identity(): string {
    return this.facts.onnxSha256 ?? createHash("sha256").update(`remote model ${this.spec.model}`).digest("hex");
  }

  /**
   * Score `rows` (causal rows of `docs`; see causalRows) into `out`: as
   * many requests in flight as the servers allow, each request a few
   * prompts of similar length; `onTokens` after each answer.
   */
  async score(
    rows: readonly Row[],
    docs: readonly Int32Array[],
    out: TokenScores[],
    k: number,
    bosId: number,
    onTokens?: (n: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const prompts = rows.map((r) => promptOf(r, docs[r.doc], bosId));
    // Longest first, so that a request's prompts are of similar length.
    const order = rows.map((_, i) => i).sort((a, b) => prompts[b].length - prompts[a].length);
    // Requests small enough that every lane (replicas × concurrency) gets
    // about two, so all replicas work and each has the next request queued
    // while it answers one; large enough that a request is worth its trip.
    const total = prompts.reduce((sum, p) => sum + p.length, 0);
    const perRequest = Math.max(MIN_REQUEST_TOKENS, Math.min(REQUEST_TOKENS, Math.ceil(total / (2 * this.client.capacity))));
    const groups: number[][] = [];
    let cur: number[] = [];
    let tokens = 0;
    for (const i of order) {
      if (cur.length && (cur.length >= REQUEST_PROMPTS || tokens + prompts[i].length > perRequest)) {
        groups.push(cur);
        cur = [];
        tokens = 0;
      }
      cur.push(i);
      tokens += prompts[i].length;
    }
    if (cur.length) groups.push(cur);
    let next = 0;
    const failures: unknown[] = [];
    const lane = async () => {
      while (next < groups.length && failures.length === 0 && !signal?.aborted) {
        const g = groups[next++];
        try {
          const rowsOf = g.map((i) => rows[i]);
          const what = `request for texts ${[...new Set(rowsOf.map((r) => r.doc))].slice(0, 4).join(", ")}${rowsOf.length > 4 ? ", …" : ""} to ${this.spec.urls.length > 1 ? "the replicas of " : ""}${this.spec.model}`;
          const scores = await this.request(
            g.map((i) => prompts[i]),
            k,
            what,
            this.facts.format,
          );
          let n = 0;
          g.forEach((i, j) => (n += storeRow(out[rows[i].doc], rows[i], scores[j], k)));
          onTokens?.(n);
        } catch (e) {
          failures.push(e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.client.capacity, groups.length)) }, lane));
    if (failures.length) throw failures[0];
    if (signal?.aborted) throw new LmdiffError("cancelled; rerun to resume", "cancelled", 499);
  }

  /** One request of several prompts; their scores, in prompt order, each checked. */
  async request(prompts: Int32Array[], k: number, what: string, format: RemoteFormat | null): Promise<PromptScores[]> {
    const body = {
      model: this.spec.model,
      prompt: prompts.map((p) => Array.from(p)),
      max_tokens: 1,
      temperature: 0,
      echo: true,
      // Once the probe has shown that the server gives prompt_logprobs, the
      // standard fields (as large again) are not asked for.
      ...(format === "prompt_logprobs" ? {} : { logprobs: k }),
      prompt_logprobs: k,
      return_tokens_as_token_ids: true,
    };
    const answer = await this.client.post("/completions", body, what);
    const choices = (answer as { choices?: unknown })?.choices;
    if (!Array.isArray(choices) || choices.length !== prompts.length)
      throw new LmdiffError(
        `${what}: malformed answer: ${Array.isArray(choices) ? `${choices.length} choices` : "no choices"} for ${prompts.length} prompts`,
        "remote-bad-answer",
        502,
      );
    const byIndex = new Array<unknown>(prompts.length);
    choices.forEach((c, j) => {
      const index = (c as { index?: unknown })?.index ?? j;
      if (typeof index !== "number" || !(index >= 0 && index < prompts.length) || byIndex[index] !== undefined)
        throw new LmdiffError(`${what}: malformed answer: choice ${j} has index ${JSON.stringify(index)}`, "remote-bad-answer", 502);
      byIndex[index] = c;
    });
    return byIndex.map((c, j) => {
      const s = parsePromptScores(c, prompts[j], k, this.vocab, this.key, `${what} (prompt ${j + 1} of ${prompts.length})`);
      // One cache, one kind of answer: a replica answering in another
      // format than the probe would mix exact and bounded numbers.
      if (format && (s.format !== format || (s.entropy !== null) !== this.facts.entropyExact))
        throw new LmdiffError(
          `${what}: a replica answered in another format (${s.format}${s.entropy ? ", exact entropy" : ""}) than the first answer (${format}${this.facts.entropyExact ? ", exact entropy" : ""}); serve the model the same way on every replica`,
          "remote-bad-answer",
          502,
        );
      return s;
    });
  }
}

/** The prompt of a causal row: its input and the row's last scored token (which the row's logits predict but do not contain). */
export function promptOf(r: Row, ids: Int32Array, bosId: number): Int32Array {
  const p = new Int32Array(r.to - r.offset + 1);
  for (let j = 0; j < p.length; j++) {
    const at = r.offset + j; // position in [BOS, ...ids]
    p[j] = at === 0 ? bosId : ids[at - 1];
  }
  return p;
}

/** Store a row's scored positions [from, to] from its prompt's scores; the number stored. */
function storeRow(dst: TokenScores, r: Row, s: PromptScores, k: number): number {
  for (let t = r.from; t <= r.to; t++) {
    const j = t - r.offset; // the position in the prompt
    const i = t - 1; // the token's index in the text
    const lp = s.logprob[j];
    dst.logprob[i] = lp;
    dst.prob[i] = Math.exp(lp);
    dst.rank[i] = s.rank[j];
    dst.entropy[i] = s.entropy ? s.entropy[j] : NaN;
    if (dst.entropyBounds) {
      dst.entropyBounds.lower[i] = s.entropyLower[j];
      dst.entropyBounds.upper[i] = s.entropyUpper[j];
    }
    for (let c = 0; c < k; c++) {
      dst.topkIds[i * k + c] = s.topkIds[j * k + c];
      dst.topkProbs[i * k + c] = Math.exp(s.topkLogprob[j * k + c]);
    }
  }
  return r.to - r.from + 1;
}
