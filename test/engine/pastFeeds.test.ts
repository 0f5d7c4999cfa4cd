import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { Model } from "../../src/engine/Model.ts";
import { pastFeeds } from "../../src/engine/pastFeeds.ts";

let modern: Model;
let legacy: Model;
before(async () => {
  modern = await Model.load("tiny-en", { workers: 0 });
  legacy = await Model.load(path.join(__dirname, "..", "fixtures", "legacy-gpt2"), { workers: 0 });
});
after(async () => {
  await modern.dispose();
  await legacy.dispose();
});

test("pastFeeds(model, B) gives every past_key_values input an empty tensor of batch size B", () => {
  const f = pastFeeds(modern, 3);
  const past = modern.inputNames.filter((n) => n.startsWith("past_key_values."));
  assert.deepEqual(Object.keys(f).sort(), past.sort());
  // A GPT-2 export: its config.json gives n_head and n_embd.
  const heads = modern.config.n_head!;
  const headDim = modern.config.n_embd! / heads;
  for (const t of Object.values(f)) {
    assert.deepEqual(t.dims, [3, heads, 0, headDim]);
    assert.equal(t.data.length, 0);
  }
});

test("pastFeeds sets use_cache_branch to false for older merged exports", () => {
  const f = pastFeeds(legacy, 1);
  assert.deepEqual(Array.from(f.use_cache_branch.data as Uint8Array), [0]);
  assert.ok(!("use_cache_branch" in pastFeeds(modern, 1)));
});

test("pastFeeds of a model without a cache is no feeds", async () => {
  const masked = await Model.load("tiny-mlm-en", { workers: 0 });
  assert.deepEqual(pastFeeds(masked, 2), {});
  await masked.dispose();
});
