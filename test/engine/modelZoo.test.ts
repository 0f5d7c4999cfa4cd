import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import * as ort from "onnxruntime-node";
import { loadDataset } from "../../src/engine/Dataset.ts";
import { bundledModels } from "../../src/engine/bundledModels.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { runLogits } from "../helpers/runLogits.ts";

const ROOT = path.join(__dirname, "..", "..");
const ZOO = ["tiny-de", "tiny-de-witze", "tiny-en", "tiny-en-bible", "tiny-en-distil", "tiny-mlm-en", "tiny-mlm-en-distil"];
const loaded = new Map<string, Model>();
async function model(name: string): Promise<Model> {
  // The models as exported (no statistics fused in): these tests check the zoo itself.
  if (!loaded.has(name)) loaded.set(name, await Model.load(name, { fuse: false }));
  return loaded.get(name)!;
}
after(async () => {
  for (const m of loaded.values()) await m.dispose();
});

/** test/fixtures/logits/NAME.json: the recipe's PyTorch logits of one text, at a few probe ids. */
interface LogitsFixture {
  text: string;
  input_ids: number[];
  probe_ids: number[];
  /** [T][probe]: the logits of the probe ids at each position. */
  logits: number[][];
  logsumexp: number[];
  argmax: number[];
}

/** test/fixtures/tokenizers.json: hard texts and the recipe's ids for each tokenizer, and a model using it. */
type TokenizerFixture = Record<string, { text: string; ids: number[] }> & { models: Record<string, string> };

/** models/recipe/results.json: the held-out perplexities, by corpus and then by model (or "unigram"). */
interface RecipeResults {
  perplexity: Record<string, Record<string, number>>;
}

function folderBytes(dir: string): number {
  let s = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    s += e.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
  }
  return s;
}

test("the zoo bundles every model of the recipe, in the Hugging Face layout", () => {
  assert.deepEqual(bundledModels(), ZOO);
  for (const name of ZOO) {
    for (const f of ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"])
      assert.ok(fs.existsSync(path.join(ROOT, "models", name, f)), `${name}/${f}`);
  }
});

test("each model folder is at most 8 MB and the zoo at most 45 MB", () => {
  let total = 0;
  for (const name of ZOO) {
    const b = folderBytes(path.join(ROOT, "models", name));
    assert.ok(b <= 8e6, `${name} is ${b} bytes`);
    total += b;
  }
  assert.ok(total <= 45e6, `zoo is ${total} bytes`);
});

for (const name of ZOO) {
  test(`${name} loads and reproduces the recipe's PyTorch logits within 1e-4`, async () => {
    const m = await model(name);
    const fx = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/logits", `${name}.json`), "utf8")) as LogitsFixture;
    // The tokenizer in Node gives the ids the recipe used.
    const ids = m.encode(fx.text);
    const expected = m.kind === "causal" ? [m.bosId, ...ids] : [m.clsId, ...ids, m.sepId];
    assert.deepEqual(expected, fx.input_ids);
    const { logits, V } = await runLogits(m, fx.input_ids);
    let maxDiff = 0;
    fx.logits.forEach((row, t) => {
      row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - logits[t * V + fx.probe_ids[j]]))));
      const r = logits.subarray(t * V, (t + 1) * V);
      let mx = -Infinity;
      let arg = 0;
      r.forEach((x, i) => {
        if (x > mx) [mx, arg] = [x, i];
      });
      let z = 0;
      for (const x of r) z += Math.exp(x - mx);
      assert.ok(Math.abs(mx + Math.log(z) - fx.logsumexp[t]) < 1e-4, `logsumexp at ${t}`);
      assert.equal(arg, fx.argmax[t], `argmax at ${t}`);
    });
    assert.ok(maxDiff < 1e-4, `max logit difference ${maxDiff}`);
  });
}

test("the tokenizers in Node give exactly the recipe's ids on hard text", async () => {
  const fx = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/tokenizers.json"), "utf8")) as TokenizerFixture;
  for (const tok of ["tok-en", "tok-de", "tok-mlm"]) {
    const m = await model(fx.models[tok]);
    assert.deepEqual(Array.from(m.encode(fx[tok].text)), fx[tok].ids, tok);
  }
});

for (const name of ["tiny-en", "tiny-en-distil", "tiny-en-bible", "tiny-de", "tiny-de-witze"]) {
  test(`${name}: scoring incrementally with past_key_values gives the full pass's logits`, async () => {
    const m = await model(name);
    const ids = [m.bosId!, ...m.encode("Es war einmal a small test of the cache, 123.")];
    const full = await runLogits(m, ids);
    // GPT-2 exports: their config.json gives n_head and n_embd.
    const heads = m.config.n_head!;
    const hd = m.config.n_embd! / heads;
    let past: Record<string, ort.Tensor> = {};
    for (const n of m.inputNames)
      if (n.startsWith("past_key_values.")) past[n] = new ort.Tensor("float32", new Float32Array(0), [1, heads, 0, hd]);
    let maxDiff = 0;
    for (let t = 0; t < ids.length; t++) {
      const r = await m.session.run({
        input_ids: new ort.Tensor("int64", BigInt64Array.of(BigInt(ids[t])), [1, 1]),
        attention_mask: new ort.Tensor("int64", new BigInt64Array(t + 1).fill(1n), [1, t + 1]),
        position_ids: new ort.Tensor("int64", BigInt64Array.of(BigInt(t)), [1, 1]),
        ...past,
      });
      const row = r.logits.data as Float32Array;
      for (let j = 0; j < full.V; j++) maxDiff = Math.max(maxDiff, Math.abs(row[j] - full.logits[t * full.V + j]));
      past = {};
      for (const n of m.inputNames) if (n.startsWith("past_key_values.")) past[n] = r[n.replace("past_key_values", "present")];
    }
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });
}

// The recipe's held-out perplexities (models/recipe/results.json) come from
// PyTorch; lmdiff's own scores of the same texts must give the same numbers.
// The bundled corpora are the recipe's held-out files, in order; texts are
// cut as the recipe cuts them (a 128-token context; 126 tokens between
// [CLS] and [SEP]), and the recipe scores the fp16-rounded weights the ONNX
// files hold.
const RESULTS = (JSON.parse(fs.readFileSync(path.join(ROOT, "models", "recipe", "results.json"), "utf8")) as RecipeResults).perplexity;
// [results key, bundled corpus, models, texts, models whose own distribution it is]
const HELD_OUT: [string, string, string[], number, string[]][] = [
  ["fortunes-en", "fortunes-en", ["tiny-en", "tiny-en-distil", "tiny-en-bible"], 500, ["tiny-en", "tiny-en-distil"]],
  ["kjv", "kjv", ["tiny-en", "tiny-en-distil", "tiny-en-bible"], 500, ["tiny-en-bible"]],
  ["fortunes-de", "fortunes-de", ["tiny-de", "tiny-de-witze"], 500, ["tiny-de"]],
  [
    "fortunes-en (masked, pseudo-perplexity)",
    "fortunes-en",
    ["tiny-mlm-en", "tiny-mlm-en-distil"],
    150,
    ["tiny-mlm-en", "tiny-mlm-en-distil"],
  ],
];
const measured: Record<string, Record<string, number>> = {};
for (const [key, dataset, names, limit, own] of HELD_OUT) {
  test(`lmdiff's scores reproduce the recipe's held-out perplexity on ${key}`, async () => {
    const texts = loadDataset(dataset).texts.slice(0, limit);
    for (const name of names) {
      const m = await model(name);
      const cut = m.kind === "causal" ? m.contextLength : m.contextLength - 2;
      const docs = texts.map((t) => m.encode(t).subarray(0, cut)).filter((d) => d.length > 0);
      const scores = await scoreTexts(m, docs);
      let nll = 0;
      let n = 0;
      for (const s of scores) {
        for (const lp of s.logprob) {
          nll -= lp;
          n++;
        }
      }
      const ppl = Math.exp(nll / n);
      const expected = RESULTS[key][name];
      assert.ok(Math.abs(ppl / expected - 1) < 1e-3, `${name} on ${key}: lmdiff ${ppl.toFixed(2)}, recipe ${expected.toFixed(2)}`);
      (measured[key] ??= {})[name] = ppl;
      if (own.includes(name)) assert.ok(ppl < RESULTS[key].unigram / 4, `${name} is far below the unigram model on ${key}`);
    }
  });
}

test("the zoo's models differ as the recipe meant them to, measured by lmdiff", () => {
  const [en, kjv, mlm] = [measured["fortunes-en"], measured.kjv, measured["fortunes-en (masked, pseudo-perplexity)"]];
  assert.ok(en && kjv && mlm, "the held-out tests ran first");
  assert.ok(
    kjv["tiny-en-bible"] < kjv["tiny-en"] && en["tiny-en-bible"] > en["tiny-en"],
    "finetuning on the Bible helps on KJV, hurts on fortunes",
  );
  assert.ok(
    en["tiny-en"] < en["tiny-en-distil"] && en["tiny-en-distil"] < RESULTS["fortunes-en"].unigram,
    "the distilled model sits between teacher and unigram",
  );
  assert.ok(mlm["tiny-mlm-en"] < mlm["tiny-mlm-en-distil"], "the masked student is behind its teacher");
});
