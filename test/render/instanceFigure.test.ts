import assert from "node:assert/strict";
import { test } from "node:test";
import { instanceFigure } from "../../src/render/instanceFigure.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";

test("instanceFigure stacks the legend, the strip and the plots", () => {
  const s = instanceFigure(fixtureInstance());
  const order = ["lmdiff-legend", "lmdiff-strip", "lmdiff-steps"].map((c) => s.indexOf(`class="${c}"`));
  assert.ok(order.every((i) => i > 0));
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
  );
});

test("instanceFigure grows with the text", () => {
  const h = (n: number) => Number(/height="([\d.]+)"/.exec(instanceFigure(syntheticInstance(n)))![1]);
  assert.ok(h(2000) > h(20));
});
