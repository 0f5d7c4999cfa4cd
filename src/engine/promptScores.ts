import { LmdiffError } from "../core/LmdiffError.js";
import { entropyBounds } from "./entropyBounds.js";

/**
 * How a remote cache's ranks relate to lmdiff's own (1 + the number of
 * tokens with a strictly larger probability):
 *  - "greater": exactly lmdiff's (lmdiff serve; and any rank within the
 *    top-k, recomputed from the list);
 *  - "greater-or-equal-beyond-k": beyond the top-k, vLLM's count of tokens
 *    whose log-probability is ≥ the token's (a tie counts against it), which
 *    exceeds lmdiff's rank only when tokens outside the top-k tie exactly;
 *  - "censored-beyond-k": the server gave no rank (standard OpenAI fields
 *    only); a token outside the top-k is recorded as rank k + 1, meaning
 *    "beyond k", never a guess of its rank.
 */
export type RankConvention = "greater" | "greater-or-equal-beyond-k" | "censored-beyond-k";

/** Which answer format a server gave (see parsePromptScores). */
export type RemoteFormat = "prompt_logprobs" | "logprobs";

/**
 * The scores of one prompt's positions 1..P−1 (position 0 has no
 * prediction), as a server's answer gave them.  Arrays have P entries
 * (P × k for the top-k); entry 0 is unused.
 */
export interface PromptScores {
  logprob: Float64Array;
  rank: Int32Array;
  topkIds: Int32Array;
  topkLogprob: Float64Array;
  /** Exact entropy (nats) when the server gave it (lmdiff serve), else null. */
  entropy: Float64Array | null;
  /** Entropy bounds from the known probabilities (always computed; equal to the entropy when it is exact). */
  entropyLower: Float64Array;
  entropyUpper: Float64Array;
  format: RemoteFormat;
  rankConvention: RankConvention;
}

/** Maps a top_logprobs key to a token id: "token_id:N" always; otherwise a decoded string, when it names one id. */
export type TokenKey = (key: string) => number | undefined;

type Json = Record<string, unknown>;

/**
 * Parse one choice of a /v1/completions answer (echo: true, max_tokens: 1)
 * for `prompt` into PromptScores, checking everything: a malformed or
 * inconsistent answer (wrong lengths, missing fields, a token other than
 * the prompt's, an unsorted or short top-k) is a one-line error naming the
 * request (`what`), never a silently wrong cache.
 *
 * vLLM's `prompt_logprobs` (a list with null first, then per position a
 * map from token id to {logprob, rank, decoded_token} holding the top-k
 * and the prompt token) is preferred: its ranks are exact.  Otherwise the
 * standard fields `logprobs.tokens / token_logprobs / top_logprobs`,
 * whose top-k keys are decoded strings, or "token_id:N" with vLLM's
 * return_tokens_as_token_ids.  lmdiff serve adds `lmdiff_prompt_entropy`
 * (exact entropies) and `lmdiff_rank: "greater"`.
 */
export function parsePromptScores(
  choice: unknown,
  prompt: Int32Array,
  k: number,
  vocab: number,
  key: TokenKey,
  what: string,
): PromptScores {
  const bad = (why: string): never => {
    throw new LmdiffError(`${what}: malformed answer: ${why}`, "remote-bad-answer", 502);
  };
  if (!isObject(choice)) return bad("a choice is not an object");
  const P = prompt.length;
  const out: PromptScores = {
    logprob: new Float64Array(P),
    rank: new Int32Array(P),
    topkIds: new Int32Array(P * k),
    topkLogprob: new Float64Array(P * k),
    entropy: null,
    entropyLower: new Float64Array(P),
    entropyUpper: new Float64Array(P),
    format: "prompt_logprobs",
    rankConvention: choice.lmdiff_rank === "greater" ? "greater" : "greater-or-equal-beyond-k",
  };
  const entries: { id: number; logprob: number; rank?: number }[][] = [];
  if (Array.isArray(choice.prompt_logprobs)) {
    const pl = choice.prompt_logprobs as unknown[];
    if (pl.length !== P) bad(`prompt_logprobs has ${pl.length} entries for a prompt of ${P} tokens`);
    for (let j = 1; j < P; j++) {
      const pos = pl[j];
      if (!isObject(pos)) return bad(`prompt_logprobs[${j}] is ${pos === null ? "null" : typeof pos}, expected an object`);
      const list: { id: number; logprob: number; rank?: number }[] = [];
      for (const [id, v] of Object.entries(pos)) {
        if (!/^\d+$/.test(id)) bad(`prompt_logprobs[${j}] has the key ${JSON.stringify(id)}, expected a token id`);
        if (!isObject(v) || typeof v.logprob !== "number") return bad(`prompt_logprobs[${j}]["${id}"] has no numeric logprob`);
        if (typeof v.rank !== "number" || !Number.isInteger(v.rank) || v.rank < 1)
          bad(`prompt_logprobs[${j}]["${id}"].rank is ${JSON.stringify(v.rank)}, expected an integer ≥ 1`);
        list.push({ id: Number(id), logprob: v.logprob, rank: v.rank as number });
      }
      entries[j] = list;
    }
  } else if (isObject(choice.logprobs)) {
    out.format = "logprobs";
    out.rankConvention = "censored-beyond-k";
    const lp = choice.logprobs;
    const tokens = lp.tokens as unknown[];
    const tokenLp = lp.token_logprobs as unknown[];
    const top = lp.top_logprobs as unknown[];
    if (!Array.isArray(tokens) || !Array.isArray(tokenLp) || !Array.isArray(top))
      return bad("logprobs lacks tokens, token_logprobs or top_logprobs (is the server OpenAI-compatible, and given echo: true?)");
    // The prompt, then the generated token(s), which are dropped.
    if (tokens.length < P || tokenLp.length < P || top.length < P)
      bad(`logprobs covers ${Math.min(tokens.length, tokenLp.length, top.length)} tokens for a prompt of ${P} (was echo: true honoured?)`);
    for (let j = 1; j < P; j++) {
      const t = tokens[j];
      if (typeof t === "string" && t.startsWith("token_id:") && Number(t.slice(9)) !== prompt[j])
        bad(`logprobs.tokens[${j}] is ${t}, but the prompt's token there is ${prompt[j]}`);
      const own = tokenLp[j];
      if (typeof own !== "number") return bad(`logprobs.token_logprobs[${j}] is ${JSON.stringify(own)}, expected a number`);
      const pos = top[j];
      if (!isObject(pos)) return bad(`logprobs.top_logprobs[${j}] is ${pos === null ? "null" : typeof pos}, expected an object`);
      const list: { id: number; logprob: number }[] = [{ id: prompt[j], logprob: own }];
      for (const [name, v] of Object.entries(pos)) {
        if (typeof v !== "number") return bad(`logprobs.top_logprobs[${j}][${JSON.stringify(name)}] is not a number`);
        const id = key(name);
        if (id === undefined)
          return bad(
            `logprobs.top_logprobs[${j}] names the token ${JSON.stringify(name)}, which is no single token id of this tokenizer; ask the server for ids (vLLM: return_tokens_as_token_ids) or use its prompt_logprobs`,
          );
        if (id !== prompt[j]) list.push({ id, logprob: v });
      }
      entries[j] = list;
    }
  } else {
    return bad("the choice has neither prompt_logprobs nor logprobs (ask with echo: true and logprobs)");
  }
  const extra = choice.lmdiff_prompt_entropy;
  if (extra !== undefined) {
    if (!Array.isArray(extra) || extra.length !== P)
      return bad(`lmdiff_prompt_entropy has ${Array.isArray(extra) ? extra.length : "no"} entries for ${P} tokens`);
    out.entropy = new Float64Array(P);
  }
  for (let j = 1; j < P; j++) scorePosition(out, entries[j], prompt[j], j, k, vocab, extra as unknown[] | undefined, bad);
  return out;
}

/** Fill position j of `out` from the server's entries there (top-k and the prompt token). */
function scorePosition(
  out: PromptScores,
  list: { id: number; logprob: number; rank?: number }[],
  target: number,
  j: number,
  k: number,
  vocab: number,
  entropy: unknown[] | undefined,
  bad: (why: string) => never,
): void {
  const where = out.format === "prompt_logprobs" ? `prompt_logprobs[${j}]` : `logprobs.top_logprobs[${j}]`;
  for (const e of list) {
    if (!(e.id >= 0 && e.id < vocab)) bad(`${where} names token ${e.id}, outside this tokenizer's ${vocab} ids`);
    if (!(e.logprob <= 1e-4) || Number.isNaN(e.logprob)) bad(`${where} gives token ${e.id} the log-probability ${e.logprob}`);
  }
  const own = list.find((e) => e.id === target);
  if (!own) return bad(`${where} lacks the prompt's token ${target}`);
  // The top-k: the k largest; with vLLM's ranks, ranks 1..k (the prompt
  // token's own entry carries its rank, which may be beyond k).
  const sorted = list.slice().sort((a, b) => b.logprob - a.logprob || (a.rank ?? 0) - (b.rank ?? 0));
  let top: typeof sorted;
  if (out.format === "prompt_logprobs") {
    top = list.filter((e) => e.rank! <= k).sort((a, b) => a.rank! - b.rank!);
    if (top.length !== k || top.some((e, i) => e.rank !== i + 1))
      bad(
        `${where} has top entries of ranks ${top.map((e) => e.rank).join(",") || "none"}, expected ranks 1 to ${k} (prompt_logprobs: ${k})`,
      );
    // Sorted by rank, the log-probabilities fall (rounding aside).
    for (let i = 1; i < k; i++)
      if (top[i].logprob > top[i - 1].logprob + 1e-6)
        bad(`${where}: rank ${i + 1} has a larger log-probability (${top[i].logprob}) than rank ${i} (${top[i - 1].logprob})`);
  } else {
    // Standard fields: the prompt token is in the list only when it is in
    // the top-k, so the top-k is the k largest of all entries but the
    // prompt token's own extra entry.
    const others = list.length - 1;
    if (others < k && others + 1 < k) bad(`${where} has ${others} entries, expected the top ${k} (logprobs: ${k})`);
    top = sorted.slice(0, k);
    if (top.length < k) bad(`${where} has ${top.length} entries, expected the top ${k}`);
  }
  const lp = own.logprob;
  out.logprob[j] = lp;
  for (let i = 0; i < k; i++) {
    out.topkIds[j * k + i] = top[i].id;
    out.topkLogprob[j * k + i] = top[i].logprob;
  }
  const inTop = top.some((e) => e.id === target);
  const greater = top.filter((e) => e.logprob > lp).length;
  if (inTop) {
    // Within the top-k every token more likely than the prompt token is in
    // the list, so lmdiff's rank is exact whatever the server's convention.
    out.rank[j] = greater + 1;
  } else if (out.format === "prompt_logprobs") {
    if (own.rank! <= k) bad(`${where} ranks token ${target} ${own.rank}, but it is not among the top ${k}`);
    out.rank[j] = own.rank!;
  } else {
    out.rank[j] = k + 1;
  }
  const known = [...top.map((e) => Math.exp(e.logprob)), ...(inTop ? [] : [Math.exp(lp)])];
  const b = entropyBounds(known, Math.exp(top[k - 1].logprob), vocab);
  out.entropyLower[j] = b.lower;
  out.entropyUpper[j] = b.upper;
  if (entropy && out.entropy) {
    const h = entropy[j];
    if (typeof h !== "number" || !(h >= -1e-4)) bad(`lmdiff_prompt_entropy[${j}] is ${JSON.stringify(h)}, expected an entropy ≥ 0`);
    out.entropy[j] = h;
    out.entropyLower[j] = out.entropyUpper[j] = h;
  }
}

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
