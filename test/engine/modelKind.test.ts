import assert from "node:assert/strict";
import { test } from "node:test";
import { CAUSAL_TYPES, MASKED_TYPES, modelKind } from "../../src/engine/modelKind.ts";

test("modelKind(modelType) reads decoders as causal and masked-language encoders as masked", () => {
  assert.equal(modelKind("gpt2"), "causal");
  assert.equal(modelKind("llama"), "causal");
  assert.equal(modelKind("bert"), "masked");
  assert.equal(modelKind("xlm-roberta"), "masked");
});

test("modelKind is null for architectures lmdiff does not read, and for near misses", () => {
  assert.equal(modelKind("t5"), null);
  assert.equal(modelKind("GPT2"), null);
  assert.equal(modelKind(""), null);
});

test("no architecture is both causal and masked", () => {
  for (const t of CAUSAL_TYPES) assert.ok(!MASKED_TYPES.has(t), t);
});
