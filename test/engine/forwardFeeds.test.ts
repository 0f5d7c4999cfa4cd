import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { forwardFeeds } from "../../src/engine/forwardFeeds.ts";
import { Model } from "../../src/engine/Model.ts";
import type { Row } from "../../src/engine/Row.ts";

let causal: Model;
let masked: Model;
before(async () => {
  causal = await Model.load("tiny-en", { workers: 0 });
  masked = await Model.load("tiny-mlm-en", { workers: 0 });
});
after(async () => {
  await causal.dispose();
  await masked.dispose();
});

const row = (input: number[]): Row => ({ doc: 0, input: Int32Array.from(input), from: 1, to: input.length, offset: 0 });
const ints = (t: { data: unknown }) => Array.from(t.data as BigInt64Array, Number);

test("forwardFeeds(model, batch) right-pads the ids to the first row's length and masks the padding", () => {
  const f = forwardFeeds(causal, [row([5, 6, 7]), row([8])]);
  assert.deepEqual(f.input_ids.dims, [2, 3]);
  assert.deepEqual(ints(f.input_ids), [5, 6, 7, 8, causal.padId, causal.padId]);
  assert.deepEqual(ints(f.attention_mask), [1, 1, 1, 1, 0, 0]);
});

test("forwardFeeds gives positions from 0, repeating the last real position over the padding", () => {
  const f = forwardFeeds(causal, [row([5, 6, 7]), row([8, 9])]);
  assert.deepEqual(ints(f.position_ids), [0, 1, 2, 0, 1, 1]);
});

test("forwardFeeds feeds exactly the inputs the session declares", () => {
  const c = forwardFeeds(causal, [row([5, 6])]);
  assert.deepEqual(Object.keys(c).sort(), [...causal.inputNames].sort());
  const m = forwardFeeds(masked, [row([5, 6])]);
  assert.deepEqual(Object.keys(m).sort(), [...masked.inputNames].sort());
  assert.deepEqual(ints(m.token_type_ids), [0, 0]);
});
