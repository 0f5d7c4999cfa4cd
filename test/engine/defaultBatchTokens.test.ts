import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBatchTokens } from "../../src/engine/defaultBatchTokens.ts";

test("defaultBatchTokens(model) gives about 4 MB of float32 logits per pass", () => {
  assert.equal(defaultBatchTokens({ contextLength: 128, vocabSize: 4096 }), 256);
  assert.equal(defaultBatchTokens({ contextLength: 128, vocabSize: 1024 }), 1024);
});

test("defaultBatchTokens is never less than one full context, and at most 8192", () => {
  assert.equal(defaultBatchTokens({ contextLength: 1024, vocabSize: 50257 }), 1024);
  assert.equal(defaultBatchTokens({ contextLength: 16, vocabSize: 10 }), 8192);
});
