import assert from "node:assert/strict";
import { test } from "node:test";
import type { InstanceData } from "../../src/core/InstanceData.ts";
import { instanceFromJSON, instanceToJSON, type InstanceJSON } from "../../src/core/instanceJson.ts";

const scores = (n: number, k: number, seed: number) => ({
  prob: Float32Array.from({ length: n }, (_, i) => ((i + seed) % 7) / 7),
  logprob: Float32Array.from({ length: n }, (_, i) => -i - seed),
  rank: Int32Array.from({ length: n }, (_, i) => i + 1),
  entropy: Float32Array.from({ length: n }, () => NaN),
  topkIds: Int32Array.from({ length: n * k }, (_, i) => i * 3 + seed),
  topkProbs: Float32Array.from({ length: n * k }, (_, i) => 1 / (i + 1)),
});

test("instanceToJSON and instanceFromJSON round-trip every array exactly", () => {
  const d: InstanceData = {
    index: 3,
    text: "</script><!-- \u2028 ü",
    models: [
      { name: "a", spec: "a" },
      { name: "b", spec: "b" },
    ],
    tokens: ["</script>", "<!--", " \u2028", " ü"],
    partial: Uint8Array.of(0, 0, 0, 1),
    tokenIds: Int32Array.of(1, 2, 3, 4),
    k: 2,
    maxClampRank: 50,
    m1: scores(4, 2, 1),
    m2: scores(4, 2, 2),
    vocab: { 1: "x" },
  };
  const back = instanceFromJSON(JSON.parse(JSON.stringify(instanceToJSON(d))) as InstanceJSON);
  assert.deepEqual(back, d);
});

test("instanceFromJSON rejects data of an unknown version", () => {
  assert.throws(() => instanceFromJSON({ v: 2 } as never), /unsupported instance data/);
});
