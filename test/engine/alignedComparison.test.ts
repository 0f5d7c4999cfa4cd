import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { isAligned, type AlignedData } from "../../src/core/AlignedData.ts";
import { charByteLengths } from "../../src/core/alignTokens.ts";
import { compareText } from "../../src/engine/compareText.ts";
import { loadModel, type Model } from "../../src/engine/Model.ts";
import { referenceOffsets, tokenizersVenvMissing } from "../helpers/tokenizersVenv.ts";

const LN2 = Math.LN2;
let en: Model;
let de: Model;
let mlm: Model;
before(async () => {
  en = await loadModel("tiny-en", { workers: 0 });
  de = await loadModel("tiny-de", { workers: 0 });
  mlm = await loadModel("tiny-mlm-en", { workers: 0 });
});
after(async () => {
  for (const m of [en, de, mlm]) await m.dispose();
});

async function aligned(a: Model, b: Model, text: string): Promise<AlignedData> {
  const d = await compareText(a, b, text);
  assert.ok(isAligned(d), "models of different tokenizers are compared on bytes");
  return d;
}

const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);

// Texts with the cases alignment has to get right: umlauts and accents
// (BERT strips them), several spaces and a newline (BERT drops them),
// digits, punctuation, a character split over byte-level tokens, [UNK].
const TEXTS = [
  "The quick brown fox jumps over the lazy dog.",
  "Der Bürgermeister schläft im Rathaus; naïve Grüße!",
  "Two  spaces,\nand a newline: 3.14 — 42 € ok",
  "Emoji 😀 and ☃️ and CJK 漢字, then the end",
];

test("per text, each model's characters' bits sum to its total surprisal: the sum of −log₂ p over all its tokens", async () => {
  for (const text of TEXTS)
    for (const [a, b] of [
      [en, de],
      [en, mlm],
    ] as const) {
      const d = await aligned(a, b, text);
      for (const [w, bits, total] of [
        [0, d.bits1, d.total1],
        [1, d.bits2, d.total2],
      ] as const) {
        const fromTokens = sum(Array.from(d.sides[w].scores.logprob, (lp) => -lp / LN2));
        assert.ok(Math.abs(total - fromTokens) < 1e-9, `${d.models[w].name}: total = Σ −log₂ p`);
        assert.ok(
          Math.abs(sum(bits) - total) < 1e-9 * Math.max(1, total),
          `${d.models[w].name} on ${JSON.stringify(text)}: Σ chars = total`,
        );
      }
      assert.equal(d.bytes, Buffer.byteLength(text));
      assert.equal(d.chars.join(""), text);
    }
});

test("every byte belongs to exactly one token of each model, in order", async () => {
  for (const text of TEXTS) {
    const d = await aligned(en, mlm, text);
    for (const s of d.sides) {
      let at = 0;
      for (let t = 0; t < s.tokens.length; t++) {
        assert.equal(s.byteStart[t], at);
        at = s.byteEnd[t];
      }
      assert.equal(at, d.bytes);
      assert.equal(s.approximate, 0, "every token was found in the text");
    }
  }
});

test(
  "per-character bits equal a reference from the Rust tokenizers' offsets: each token owns the text up to its end, its bits spread over those bytes",
  { skip: tokenizersVenvMissing() ?? false, timeout: 600_000 },
  async () => {
    const texts = TEXTS.slice(0, 3);
    for (const m of [en, de, mlm]) {
      const ref = await referenceOffsets(path.join(m.dir, "tokenizer.json"), texts);
      for (const [i, text] of texts.entries()) {
        const d = await aligned(m, m === en ? de : en, text);
        const side = d.sides[0];
        assert.deepEqual(Array.from(side.tokenIds), ref[i].ids, `${m.name}: the same ids as the Rust tokenizer`);
        const chars = Array.from(text);
        const cb = charByteLengths(chars);
        const offsets = ref[i].offsets;
        // Byte-level tokens that each hold part of one character (ü as two
        // bytes) get that whole character as their offsets: the reference
        // cannot say which bytes are whose, so the characters owned by such
        // tokens are left out here (conservation covers them).
        const shared = offsets.map(([s0, e0], t) => offsets.some(([s1, e1], u) => u !== t && s1 < e0 && s0 < e1));
        const expected = new Float64Array(chars.length);
        const checked = new Uint8Array(chars.length);
        let owned = 0;
        offsets.forEach(([, end], t) => {
          const stop = t === offsets.length - 1 ? chars.length : Math.max(owned, end);
          let bytes = 0;
          for (let c = owned; c < stop; c++) bytes += cb[c];
          const bits = -side.scores.logprob[t] / LN2;
          for (let c = owned; c < stop; c++) {
            expected[c] += (bits * cb[c]) / bytes;
            if (!shared[t]) checked[c] = 1;
          }
          if (shared[t]) for (let c = Math.min(owned, offsets[t][0]); c < Math.max(stop, offsets[t][1]); c++) checked[c] = 2;
          owned = stop;
        });
        let n = 0;
        for (let c = 0; c < chars.length; c++) {
          if (checked[c] !== 1) continue;
          n++;
          assert.ok(
            Math.abs(d.bits1[c] - expected[c]) < 1e-9,
            `${m.name} on ${JSON.stringify(text)}, character ${c} (${chars[c]}): ${d.bits1[c]} vs ${expected[c]}`,
          );
        }
        assert.ok(n > chars.length / 2, `${m.name}: most characters were checked (${n} of ${chars.length})`);
      }
    }
  },
);

test("the English model needs fewer bits per byte on English texts, the German model on German texts", async () => {
  const english = [
    "The early bird catches the worm.",
    "A penny saved is a penny earned.",
    "Never put off till tomorrow what you can do today.",
  ];
  const german = ["Der frühe Vogel fängt den Wurm.", "Morgenstund hat Gold im Mund.", "Wer anderen eine Grube gräbt, fällt selbst hinein."];
  for (const text of english) {
    const d = await aligned(en, de, text);
    assert.ok(
      d.total1 < d.total2,
      `tiny-en is better on ${JSON.stringify(text)}: ${d.total1 / d.bytes} vs ${d.total2 / d.bytes} bits per byte`,
    );
  }
  for (const text of german) {
    const d = await aligned(en, de, text);
    assert.ok(
      d.total2 < d.total1,
      `tiny-de is better on ${JSON.stringify(text)}: ${d.total2 / d.bytes} vs ${d.total1 / d.bytes} bits per byte`,
    );
  }
});

test("a masked model against a causal one of another tokenizer is scored by pseudo-log-likelihood, and labelled so", async () => {
  const d = await aligned(en, mlm, "The dog sleeps in the garden.");
  assert.deepEqual(
    d.sides.map((s) => s.scoring),
    ["causal", "masked"],
  );
  const { InstanceComparison } = await import("../../src/api/InstanceComparison.ts");
  const r = new InstanceComparison(d);
  assert.match(r.summary(), /bits vs pseudo-bits \(PLL\) per byte/);
  assert.throws(() => r.toArray(), /different tokenizers, so there is no row per shared token: use chars\(\) or tokens\(1\)/);
  assert.throws(() => r.measure("prob_diff"), /prob_diff needs the two models to share a tokenizer/);
  const rows = r.chars();
  assert.equal(rows.length, 29);
  assert.ok(rows.every((c) => c.token_1 >= 0 && c.token_2 >= 0));
  assert.equal(r.tokens(2).length, d.sides[1].tokens.length);
});

test("models of one tokenizer are still compared token by token", async () => {
  const bible = await loadModel("tiny-en-bible", { workers: 0 });
  try {
    const d = await compareText(en, bible, "Let there be light.");
    assert.ok(!isAligned(d));
    assert.equal(d.tokens.join(""), "Let there be light.");
  } finally {
    await bible.dispose();
  }
});

test("odd Unicode (combining marks, zero-width joiners, control characters, lone surrogates) aligns and conserves bits", async () => {
  for (const text of ["e\u0301\u0301 👨‍👩‍👧 a\u0007b", "x\uD800y", "\u200B\u200Bword"]) {
    for (const other of [de, mlm]) {
      const d = await aligned(en, other, text);
      assert.ok(Math.abs(sum(d.bits1) - d.total1) < 1e-9);
      assert.ok(Math.abs(sum(d.bits2) - d.total2) < 1e-9);
    }
  }
});
