import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { entropyBounds } from "../../src/engine/entropyBounds.js";
import { parsePromptScores, type PromptScores } from "../../src/engine/promptScores.js";

/**
 * Contract tests of the remote client's parser against answers in vLLM's
 * documented shapes (test/fixtures/openai, written by makeFixtures.mjs from
 * known distributions, which each fixture carries as "reference").
 */
interface Fixture {
  vocab: number;
  k: number;
  prompts: number[][];
  reference: (number[] | null)[][];
  answer: { choices: Record<string, unknown>[] };
}

const dir = path.join(__dirname, "..", "fixtures", "openai");
const load = (name: string): Fixture => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as Fixture;
const key = (s: string) => (/^token_id:\d+$/.test(s) ? Number(s.slice(9)) : /^t\d+$/.test(s) ? Number(s.slice(1)) : undefined);
const parse = (f: Fixture, i: number, choice: unknown = f.answer.choices[i]) =>
  parsePromptScores(choice, Int32Array.from(f.prompts[i]), f.k, f.vocab, key, "request 1");

/** The plain computation: lmdiff's rank (1 + strictly larger), the top-k by value, the entropy. */
function expected(lp: number[], target: number, k: number) {
  const order = lp.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return {
    logprob: lp[target],
    rank: 1 + lp.filter((x) => x > lp[target]).length,
    top: order.slice(0, k).map(([, i]) => i),
    entropy: -lp.reduce((s, x) => s + Math.exp(x) * x, 0),
  };
}

function checkAgainstReference(f: Fixture, i: number, s: PromptScores, exactRanks: boolean) {
  const p = f.prompts[i];
  for (let j = 1; j < p.length; j++) {
    const e = expected(f.reference[i][j]!, p[j], f.k);
    assert.ok(Math.abs(s.logprob[j] - e.logprob) < 1e-6, `logprob at ${j}`);
    if (exactRanks || e.rank <= f.k) assert.equal(s.rank[j], e.rank, `rank at ${j}`);
    else assert.equal(s.rank[j], f.k + 1, `rank beyond k at ${j} is recorded as k + 1`);
    assert.deepEqual(Array.from(s.topkIds.subarray(j * f.k, (j + 1) * f.k)), e.top, `top-k at ${j}`);
    assert.ok(
      s.entropyLower[j] <= e.entropy + 1e-5 && e.entropy <= s.entropyUpper[j] + 1e-5,
      `entropy ${e.entropy} in [${s.entropyLower[j]}, ${s.entropyUpper[j]}] at ${j}`,
    );
  }
}

describe("parsePromptScores on vLLM's answer shapes", () => {
  it("reads prompt_logprobs exactly: log-probabilities, ranks, top-k; entropy is bounded, not guessed", () => {
    const f = load("vllm-prompt-logprobs.json");
    for (let i = 0; i < f.prompts.length; i++) {
      const s = parse(f, i);
      assert.equal(s.format, "prompt_logprobs");
      assert.equal(s.rankConvention, "greater-or-equal-beyond-k");
      assert.equal(s.entropy, null);
      checkAgainstReference(f, i, s, true);
    }
  });

  it("records vLLM's rank beyond k as given: a tie counts against the token", () => {
    const f = load("vllm-tie-beyond-k.json");
    const s = parse(f, 0);
    const lp = f.reference[0][2]!;
    const t = f.prompts[0][2];
    const greater = lp.filter((x) => x > lp[t]).length;
    assert.ok(greater + 1 > f.k, "the fixture's tie is beyond the top-k");
    assert.equal(s.rank[2], lp.filter((x) => x >= lp[t]).length);
    assert.equal(s.rank[2], greater + 2, "one tie: vLLM's rank is lmdiff's + 1");
  });

  it("reads the standard fields with token ids (return_tokens_as_token_ids): ranks exact within k, k + 1 beyond", () => {
    const f = load("vllm-token-ids.json");
    for (let i = 0; i < f.prompts.length; i++) {
      const s = parse(f, i);
      assert.equal(s.format, "logprobs");
      assert.equal(s.rankConvention, "censored-beyond-k");
      checkAgainstReference(f, i, s, false);
    }
  });

  it("reads the standard fields with decoded tokens when each names one id", () => {
    const f = load("openai-standard.json");
    for (let i = 0; i < f.prompts.length; i++) checkAgainstReference(f, i, parse(f, i), false);
  });

  it("refuses decoded tokens that name no single id, saying how to get ids", () => {
    const f = load("openai-standard.json");
    const choice = structuredClone(f.answer.choices[0]) as { logprobs: { top_logprobs: Record<string, number>[] } };
    choice.logprobs.top_logprobs[1] = { "\uFFFD": -0.1, ...choice.logprobs.top_logprobs[1] };
    assert.throws(() => parse(f, 0, choice), /request 1: malformed answer: .*no single token id.*return_tokens_as_token_ids/);
  });

  describe("refuses malformed or inconsistent answers in one line naming the request", () => {
    const f = load("vllm-prompt-logprobs.json");
    const broken = (
      change: (c: Record<string, unknown> & { prompt_logprobs: (Record<string, Record<string, unknown>> | null)[] }) => void,
    ) => {
      const c = structuredClone(f.answer.choices[0]) as Parameters<typeof change>[0];
      change(c);
      return () => parse(f, 0, c);
    };
    const cases: [string, Parameters<typeof broken>[0], RegExp][] = [
      ["a short prompt_logprobs", (c) => c.prompt_logprobs.pop(), /prompt_logprobs has 5 entries for a prompt of 6 tokens/],
      ["a missing position", (c) => (c.prompt_logprobs[3] = null), /prompt_logprobs\[3\] is null/],
      ["the prompt token missing", (c) => delete c.prompt_logprobs[1]![String(f.prompts[0][1])], /lacks the prompt's token 5/],
      ["a rank missing", (c) => delete Object.values(c.prompt_logprobs[2]!)[0].rank, /rank is undefined/],
      ["a logprob that is a string", (c) => (Object.values(c.prompt_logprobs[2]!)[0].logprob = "-1"), /no numeric logprob/],
      ["a positive logprob", (c) => (Object.values(c.prompt_logprobs[2]!)[0].logprob = 0.5), /log-probability 0.5/],
      [
        "a token id beyond the vocabulary",
        (c) => (c.prompt_logprobs[2]![String(f.vocab + 5)] = { logprob: -9, rank: 30 }),
        /outside this tokenizer's 40 ids/,
      ],
      [
        "neither format",
        (c) => {
          delete (c as Record<string, unknown>).prompt_logprobs;
          delete c.logprobs;
        },
        /neither prompt_logprobs nor logprobs/,
      ],
    ];
    for (const [name, change, message] of cases)
      it(name, () => {
        assert.throws(
          broken(change),
          (e: Error) => message.test(e.message) && e.message.startsWith("lmdiff: request 1: malformed answer") && !e.message.includes("\n"),
        );
      });
  });
});

describe("entropyBounds", () => {
  it("brackets the true entropy of random distributions, knowing only the top-k", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const V = 5 + Math.floor(rand() * 200);
      const k = 1 + Math.floor(rand() * Math.min(20, V - 1));
      const w = Array.from({ length: V }, () => Math.exp((rand() - 0.5) * 10 * rand()));
      const z = w.reduce((a, b) => a + b, 0);
      const p = w.map((x) => x / z).sort((a, b) => b - a);
      const h = -p.reduce((s, x) => s + x * Math.log(x), 0);
      const b = entropyBounds(p.slice(0, k), p[k - 1], V);
      assert.ok(b.lower <= h + 1e-9 && h <= b.upper + 1e-9, `${b.lower} ≤ ${h} ≤ ${b.upper} (V ${V}, k ${k})`);
    }
  });

  it("is exact when the known tokens hold all the mass", () => {
    const b = entropyBounds([0.5, 0.25, 0.25], 0.25, 1000);
    assert.ok(Math.abs(b.lower - 1.5 * Math.LN2) < 1e-12 && Math.abs(b.upper - b.lower) < 1e-12);
  });

  it("reaches both bounds: the rest spread evenly, or packed at the cap", () => {
    // Known 0.5; the other 0.5 over 50 tokens, each at most 0.1.
    const b = entropyBounds([0.5], 0.1, 51);
    const half = 0.5 * Math.log(2);
    assert.ok(Math.abs(b.upper - (half + 0.5 * Math.log(50 / 0.5))) < 1e-12);
    assert.ok(Math.abs(b.lower - (half - 5 * 0.1 * Math.log(0.1))) < 1e-9);
  });
});
