import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import type { TokenScores } from "../../src/core/measures.ts";
import { causalRows } from "../../src/engine/causalRows.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";

/**
 * Every architecture lmdiff recognises, checked against the real
 * transformers library: test/fixtures/arch holds one tiny random-weight
 * model per architecture, exported to ONNX, with PyTorch's own scores of a
 * few texts (reference.json, made by scripts/make-arch-fixtures.py; see
 * test/fixtures/arch/README.md).  Nothing here needs Python.
 */

const ARCH = path.join(__dirname, "..", "fixtures", "arch");

/** One scored token of reference.json: PyTorch's logits, in float64. */
interface RefToken {
  id: number;
  prob: number;
  logprob: number;
  /** 1 + entries with a strictly larger logit. */
  rank: number;
  /** The ranks the token gets if the logits move by up to tolerance.logit_eps: a near tie when they differ. */
  rank_min: number;
  rank_max: number;
  entropy: number;
  topk_ids: number[];
  topk_probs: number[];
}

interface Reference {
  kind: "causal" | "masked";
  model_type: string;
  /** The graph, relative to the fixture folder. */
  onnx: string;
  /** Causal: the id prefixed to each text. */
  bos_id?: number;
  tolerance: { prob_abs: number; prob_rel: number; logit_eps: number };
  texts: { text: string; ids: number[]; tokens: RefToken[] }[];
}

const CAUSAL = [
  "gpt2",
  "gpt_neox",
  "llama",
  "mistral",
  "qwen2",
  "qwen3",
  "phi3",
  "gemma",
  "gemma2",
  "gemma3_text",
  "olmo",
  "olmo2",
  "granite",
];
const MASKED = ["bert", "roberta", "distilbert", "xlm-roberta", "modernbert", "deberta-v2"];
/** The top-k entries compared (reference.json stores a few more, to recognise swapped near ties). */
const TOP = 5;
const K = 8;

const FIXTURES = fs
  .readdirSync(ARCH)
  .filter((d) => fs.existsSync(path.join(ARCH, d, "reference.json")))
  .sort();
const reference = (name: string): Reference => JSON.parse(fs.readFileSync(path.join(ARCH, name, "reference.json"), "utf8")) as Reference;
const load = (name: string, fuse?: boolean): Promise<Model> =>
  Model.load(path.join(ARCH, name), { onnxFile: reference(name).onnx, fuse, workers: 0, threads: 1 });

function folderBytes(dir: string): number {
  let s = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    s += e.isDirectory() ? folderBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return s;
}

/** Compare lmdiff's scores of one text with PyTorch's, token by token; returns how often a near tie went the other way. */
function compare(where: string, ref: Reference, text: Reference["texts"][number], s: TokenScores): number {
  const { prob_abs, prob_rel } = ref.tolerance;
  const close = (a: number, b: number) => Math.abs(a - b) <= prob_abs + prob_rel * Math.abs(b);
  assert.equal(s.prob.length, text.tokens.length, `${where}: scored tokens`);
  let ties = 0;
  text.tokens.forEach((r, i) => {
    const at = `${where}, token ${i} (id ${r.id})`;
    assert.ok(close(s.prob[i], r.prob), `${at}: probability ${s.prob[i]} vs PyTorch ${r.prob}`);
    if (r.rank_min === r.rank_max) assert.equal(s.rank[i], r.rank, `${at}: rank`);
    else if (s.rank[i] !== r.rank) {
      // Logits within logit_eps of the token's: either order is right.
      ties++;
      assert.ok(
        s.rank[i] >= r.rank_min && s.rank[i] <= r.rank_max,
        `${at}: rank ${s.rank[i]} outside the near tie ${r.rank_min}..${r.rank_max}`,
      );
    }
    for (let j = 0; j < TOP; j++) {
      const id = s.topkIds[i * K + j];
      const p = s.topkProbs[i * K + j];
      assert.ok(close(p, r.topk_probs[j]), `${at}: top-${j + 1} probability ${p} vs PyTorch ${r.topk_probs[j]}`);
      if (id === r.topk_ids[j]) continue;
      // A different id is only right where PyTorch's j-th and that id's probabilities tie.
      const k = r.topk_ids.indexOf(id);
      assert.ok(k >= 0 && close(r.topk_probs[k], r.topk_probs[j]), `${at}: top-${j + 1} id ${id} vs PyTorch ${r.topk_ids[j]}`);
      ties++;
    }
  });
  return ties;
}

test("there is a fixture for every architecture lmdiff is tested on, and they stay small", () => {
  const types = FIXTURES.map((f) => reference(f).model_type);
  for (const t of [...CAUSAL, ...MASKED]) assert.ok(types.includes(t), `no fixture for ${t}`);
  // The variants: Optimum's merged decoder, a decoder exported without a cache, an fp16 export.
  const onnx = FIXTURES.map((f) => reference(f).onnx);
  assert.ok(onnx.includes("onnx/decoder_model_merged.onnx") && onnx.includes("onnx/model_fp16.onnx"));
  const total = FIXTURES.reduce((s, f) => s + folderBytes(path.join(ARCH, f)), 0);
  assert.ok(total < 4.5e6, `test/fixtures/arch is ${total} bytes`);
});

for (const name of FIXTURES) {
  const ref = reference(name);
  const modes = [true, false];
  for (const fuse of modes) {
    const how = fuse ? " (statistics fused)" : " (unfused)";
    test(`${name}: lmdiff's scores are transformers' within ${ref.tolerance.prob_rel} relative${how}`, async () => {
      const m = await load(name, fuse);
      try {
        assert.equal(m.kind, ref.kind);
        assert.equal(m.modelType, ref.model_type);
        assert.equal(m.fused, fuse);
        if (ref.kind === "causal") assert.equal(m.bosId, ref.bos_id);
        // The tokenizer in Node gives transformers' ids, on the hard text too.
        const docs = ref.texts.map((t) => m.encode(t.text));
        ref.texts.forEach((t, i) => assert.deepEqual([...docs[i]], t.ids, `${name}: ids of ${JSON.stringify(t.text)}`));
        // All texts in one call: batched and padded to the longest, as lmdiff scores a corpus.
        const scores = await scoreTexts(m, docs, { k: K });
        let ties = 0;
        let tokens = 0;
        ref.texts.forEach((t, i) => {
          ties += compare(`${name}, text ${i}`, ref, t, scores[i]);
          tokens += t.tokens.length;
        });
        // The random weights are scaled so that near ties are rare: ranks and top-k ids are compared exactly almost
        // everywhere.  float16 logits tie often (a few hundred values around the same magnitude, 11 bits each).
        const fp16 = ref.tolerance.logit_eps > 1e-3;
        assert.ok(ties <= (fp16 ? tokens : tokens / 10), `${name}: ${ties} near ties went the other way in ${tokens} tokens`);
      } finally {
        await m.dispose();
      }
    });
  }
}

test("grouped-query and explicit head_dim exports get past tensors of the graph's shape", async () => {
  // qwen3: 4 query heads, 2 key/value heads, head_dim 16 ≠ hidden 32 / 4 heads.
  const m = await load("qwen3");
  try {
    assert.equal(m.config.num_key_value_heads, 2);
    assert.equal(m.config.head_dim, 16);
    const [s] = await scoreTexts(m, [m.encode("Models compare tokens.")], { k: 5 });
    assert.ok(s.prob.every((p) => p > 0 && p <= 1));
  } finally {
    await m.dispose();
  }
});

test("fp16 exports: float16 past inputs and logits, scored fused and unfused alike", async () => {
  const ref = reference("qwen2-fp16");
  assert.equal(ref.onnx, "onnx/model_fp16.onnx");
  const fused = await load("qwen2-fp16");
  const plain = await load("qwen2-fp16", false);
  try {
    assert.ok(fused.fused);
    const meta = (plain.session as unknown as { outputMetadata: { name: string; type?: string }[] }).outputMetadata;
    assert.equal(meta.find((o) => o.name === "logits")?.type, "float16");
    const docs = ref.texts.map((t) => fused.encode(t.text));
    const a = await scoreTexts(fused, docs, { k: K });
    const b = await scoreTexts(plain, docs, { k: K });
    // The same model, its logits widened to float32 in the graph or in JavaScript.  Not bit-identical:
    // onnxruntime computes the fp16 graph's last MatMul in float32 on CPU (it inserts Casts around
    // kernels it lacks in fp16), and on the fused graph it may drop the float32 → float16 → float32
    // round trip of the logits, so the fused statistics see the unrounded values.  Both stay within
    // fp16 rounding of each other (and of PyTorch, checked above).
    a.forEach((s, i) => {
      for (let j = 0; j < s.prob.length; j++) assert.ok(Math.abs(s.logprob[j] - b[i].logprob[j]) < 2e-3, `text ${i} token ${j}`);
    });
  } finally {
    await fused.dispose();
    await plain.dispose();
  }
});

test("Llama-style tokenizers add BOS themselves; lmdiff scores each text after exactly one BOS", async () => {
  for (const name of ["llama", "mistral", "phi3", "gemma", "gemma2", "gemma3_text"]) {
    const ref = reference(name);
    const m = await load(name);
    try {
      const bos = m.bosId!;
      assert.equal(bos, ref.bos_id);
      for (const t of ref.texts) {
        // The fixture's tokenizer is truly Llama-style: its post-processor prepends BOS.
        const withSpecials = m.tokenizer.encode(t.text).ids;
        assert.equal(withSpecials[0], bos, `${name}: the tokenizer's own encoding starts with BOS`);
        assert.equal(withSpecials.filter((x) => x === bos).length, 1);
        // lmdiff encodes without it and prepends the model's BOS once.
        const ids = m.encode(t.text);
        assert.ok(!ids.includes(bos), `${name}: encode() has no BOS`);
        assert.deepEqual([...ids], withSpecials.slice(1));
        const [row] = causalRows(0, ids, bos, m.contextLength);
        assert.equal(row.input[0], bos);
        assert.equal(row.input.filter((x) => x === bos).length, 1, `${name}: one BOS, never two`);
        // The row's input is BOS and every token but the last, which is only ever a target.
        assert.deepEqual([...row.input], [bos, ...ids.subarray(0, -1)]);
      }
    } finally {
      await m.dispose();
    }
  }
});

test("Qwen and OLMo configs: BOS from config.json, else EOS", async () => {
  const qwen = await load("qwen2");
  const olmo = await load("olmo");
  try {
    // Qwen's tokenizer_config has no bos_token; config.json's bos_token_id names <|endoftext|>.
    assert.equal(qwen.tokenizerConfig.bos_token, null);
    assert.equal(qwen.bosId, qwen.config.bos_token_id);
    // OLMo-1's config has bos_token_id null: the model's EOS starts each text.
    assert.equal(olmo.config.bos_token_id, null);
    assert.equal(olmo.bosId, olmo.config.eos_token_id);
  } finally {
    await qwen.dispose();
    await olmo.dispose();
  }
});

test("an architecture lmdiff does not read is a one-line error that names it", async () => {
  for (const modelType of ["mamba", "t5"]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-arch-"));
    try {
      fs.cpSync(path.join(ARCH, "gpt2"), dir, { recursive: true });
      const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")) as Record<string, unknown>;
      fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ ...config, model_type: modelType }));
      await assert.rejects(Model.load(dir, { workers: 0, threads: 1 }), (e: Error & { code?: string }) => {
        assert.equal(e.name, "LmdiffError");
        assert.equal(e.code, "unsupported-model");
        assert.ok(!e.message.includes("\n"), e.message);
        assert.match(e.message, new RegExp(`unsupported model type "${modelType}"`));
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
