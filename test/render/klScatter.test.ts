import assert from "node:assert/strict";
import { test } from "node:test";
import { klScatter, klScatterFigure, klScatterLayout, klScatterRowAt } from "../../src/render/klScatter.js";
import { markBoxes } from "../../src/render/markBoxes.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

const docsOf = (s: string, cls: string) => [...s.matchAll(new RegExp(`class="pt ${cls}" data-doc="(\\d+)"`, "g"))].map((m) => Number(m[1]));

test("klScatter draws one point per text with a mean KL and a mean log-probability difference", () => {
  const s = klScatter(fixturePairCorpus());
  const all = [...docsOf(s, "s0"), ...docsOf(s, "s1"), ...docsOf(s, "s2")].sort((a, b) => a - b);
  assert.deepEqual(all, [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11]); // text 4 is empty
  assert.match(s, /11 texts \(1 without both values\)/);
});

test("klScatter colours the texts each model is significantly better on, and draws them over the rest", () => {
  const s = klScatter(fixturePairCorpus());
  assert.deepEqual(docsOf(s, "s1"), [1, 5]);
  assert.deepEqual(docsOf(s, "s2"), [3, 9, 11]);
  assert.ok(s.indexOf('class="pt s1"') > s.lastIndexOf('class="pt s0"'));
  assert.match(s, /model 1 \(tiny-en\) better, q &lt; 0.05/);
});

test("klScatter puts model 1's texts left of the zero line and higher KL higher up", () => {
  const L = klScatterLayout(fixturePairCorpus(), renderOptions());
  const zero = L.left + ((0 - L.xDomain[0]) / (L.xDomain[1] - L.xDomain[0])) * (L.right - L.left);
  assert.ok(L.px[7] < zero && L.px[2] > zero);
  assert.ok(L.py[7] < L.py[0], "text 7 has the largest KL: nearest the top");
  assert.equal(L.xDomain[0], -L.xDomain[1]);
  assert.equal(L.yDomain[0], 0);
});

test("klScatter without significance columns draws every point grey and says why", () => {
  const c = fixturePairCorpus();
  delete c.values.logprob_diff_q;
  const s = klScatter(c);
  assert.equal(docsOf(s, "s0").length, 11);
  assert.match(s, /no significance columns/);
});

test("klScatter of a comparison without a joint run names the missing KL", () => {
  assert.throws(() => klScatter(fixtureCorpus()), /kl needs both models' full distributions.*preprocess all/);
});

test("klScatterRowAt finds the text under the pointer, and none away from the points", () => {
  const L = klScatterLayout(fixturePairCorpus(), renderOptions());
  assert.equal(klScatterRowAt(L, L.px[5] + 2, L.py[5] - 1), 5);
  assert.equal(klScatterRowAt(L, L.left + 1, L.bottom - 1), -1);
});

test("klScatter's labels stay inside the figure at any width", () => {
  for (const width of [260, 320, 500, 900]) {
    const f = klScatterFigure(fixturePairCorpus(), renderOptions({ width, plotHeight: 160 }));
    for (const b of markBoxes(f.marks)) assert.ok(b.x0 >= 0 && b.x1 <= width && b.y1 <= f.height, `${width}: "${b.text}" fits`);
  }
});
