import assert from "node:assert/strict";
import { test } from "node:test";
import { bundledModels, isBundled } from "../../src/engine/bundledModels.ts";

test("bundledModels() lists the model folders, sorted", () => {
  const names = bundledModels();
  assert.ok(names.includes("tiny-en") && names.includes("tiny-mlm-en"));
  assert.deepEqual(names, [...names].sort());
});

test("isBundled(spec) accepts a bundled name and refuses paths, hub ids and unknown names", () => {
  assert.equal(isBundled("tiny-en"), true);
  assert.equal(isBundled("tiny-none"), false);
  assert.equal(isBundled("models/tiny-en"), false);
  assert.equal(isBundled("Xenova/gpt2"), false);
  assert.equal(isBundled("../models"), false);
});
