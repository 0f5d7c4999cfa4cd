import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedMeasure } from "../../src/core/alignedMeasure.ts";
import { winner } from "../../src/core/measures.ts";
import { alignedHistogram } from "../../src/render/alignedHistogram.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";

const d = alignedFixture();
const count = (svg: string) => [...svg.matchAll(/data-count="(\d+)"/g)].reduce((s, m) => s + Number(m[1]), 0);

test("alignedHistogram counts every character once, over characters, not tokens", () => {
  const svg = alignedHistogram(d, { width: 500, bins: 10 });
  assert.equal(count(svg), d.chars.length);
  assert.ok(svg.includes(`bits difference over ${d.chars.length} characters`));
});

test("alignedHistogram says on how many characters each model needs fewer bits", () => {
  const v = alignedMeasure(d, "bits_diff");
  const m1 = Array.from(v).filter((x) => winner("bits_diff", x) === 1).length;
  const svg = alignedHistogram(d, { width: 800 });
  assert.ok(svg.includes(`model 1 (tiny-en) needs fewer bits: ${m1}`));
  assert.ok(svg.includes(`model 2 (tiny-mlm-en, PLL) needs fewer bits: ${d.chars.length - m1}`));
});

test("alignedHistogram of one model's bits gives its total, in pseudo-bits for a masked model", () => {
  assert.match(
    alignedHistogram(d, { width: 800, measure: "bits_2" }),
    /model 2 \(tiny-mlm-en, PLL\): [\d.]+ pseudo-bits \(PLL\) over 20 bytes/,
  );
  assert.match(alignedHistogram(d, { width: 800, measure: "bits_1" }), /model 1 \(tiny-en\): [\d.]+ bits over 20 bytes/);
});
