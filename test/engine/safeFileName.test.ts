import assert from "node:assert/strict";
import { test } from "node:test";
import { safeFileName } from "../../src/engine/safeFileName.ts";

test("safeFileName(name) keeps letters, digits, '_', '.' and '-'", () => {
  assert.equal(safeFileName("tiny-en_v1.2"), "tiny-en_v1.2");
});

test("safeFileName turns each run of other characters into one '_', so a hub id stays in its folder", () => {
  assert.equal(safeFileName("Xenova/gpt2"), "Xenova_gpt2");
  assert.equal(safeFileName("my model: v2"), "my_model_v2");
  assert.equal(safeFileName("../etc/passwd"), ".._etc_passwd");
});

test("safeFileName of an empty name is empty", () => {
  assert.equal(safeFileName(""), "");
});
