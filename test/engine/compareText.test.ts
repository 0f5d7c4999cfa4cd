import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { compareText } from "../../src/engine/compareText.ts";
import { loadModel, type Model } from "../../src/engine/Model.ts";
import { tokenLevel } from "../helpers/tokenLevel.ts";

let m1: Model;
let m2: Model;
before(async () => {
  m1 = await loadModel("tiny-en", { workers: 0 });
  m2 = await loadModel("tiny-en-distil", { workers: 0 });
});
after(async () => {
  await m1.dispose();
  await m2.dispose();
});

test("compareText(a, b, text, { topK }) rejects a top-k larger than the vocabulary for every caller, the server's included", async () => {
  await assert.rejects(
    compareText(m1, m2, "Hello world", { topK: 100000 }),
    /invalid top-k 100000 \(expected an integer from 1 to 4096, the vocabulary size\)/,
  );
  await assert.rejects(compareText(m1, m2, "Hello world", { topK: 0 }), /invalid top-k 0 /);
  const d = tokenLevel(await compareText(m1, m2, "Hello world", { topK: 4096 }));
  assert.equal(d.k, 4096);
});

test("compareText(a, b, text) returns plain InstanceData with the default top-k and clamp", async () => {
  const d = tokenLevel(await compareText(m1, m2, "Hello world"));
  assert.equal(d.k, 10);
  assert.equal(d.maxClampRank, 50);
  assert.equal(d.tokens.join(""), "Hello world");
  assert.deepEqual(
    d.models.map((m) => m.name),
    ["tiny-en", "tiny-en-distil"],
  );
});

test("compareText refuses an empty text and a bad clamp before scoring", async () => {
  await assert.rejects(compareText(m1, m2, "   "), /the text is empty/);
  await assert.rejects(compareText(m1, m2, "Hello", { maxClampRank: 0 }), /invalid max clamp rank 0 \(expected an integer from 1 up\)/);
});
