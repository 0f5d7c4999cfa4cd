import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOptions } from "../../src/render/renderOptions.js";
import { stepPlots, stepPlotsHighlight, stepPlotsIndexAt, stepPlotsLayout } from "../../src/render/stepPlots.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";

test("stepPlots draws one step line per model and panel in the model colours", () => {
  const s = stepPlots(fixtureInstance());
  assert.equal((s.match(/class="m1"[^>]*stroke="#d6604d"/g) ?? []).length, 2);
  assert.equal((s.match(/class="m2"[^>]*stroke="#4393c3"/g) ?? []).length, 2);
  assert.match(s, /probability of the actual token/);
  assert.match(s, /rank of the actual token \(log scale\)/);
  assert.match(s, /≥1000/);
});

test("stepPlotsLayout maps x back to the token under it", () => {
  const L = stepPlotsLayout(10, renderOptions({ width: 458 }));
  assert.equal(L.band, 40);
  assert.equal(stepPlotsIndexAt(L, 46), 0);
  assert.equal(stepPlotsIndexAt(L, 46 + 40 * 3.5), 3);
  assert.equal(stepPlotsIndexAt(L, 445), 9);
  assert.equal(stepPlotsIndexAt(L, 10), -1);
  assert.equal(stepPlotsIndexAt(stepPlotsLayout(0, renderOptions()), 100), -1);
});

test("stepPlots puts rank 1 at the top and caps ranks at maxRank", () => {
  const d = fixtureInstance();
  const o = renderOptions({ highlight: 9, maxRank: 100 });
  const L = stepPlotsLayout(d.tokens.length, o);
  const h = stepPlotsHighlight(d, o).body;
  const ys = [...h.matchAll(/cy="([\d.]+)"/g)].map((m) => Number(m[1]));
  // token 9: ranks 310 and 4200 are both drawn at the cap, the bottom of the rank panel
  assert.equal(ys[2], L.panelTop[1] + L.panelHeight);
  assert.equal(ys[3], L.panelTop[1] + L.panelHeight);
});

test("stepPlots of an empty text has axes but no lines", () => {
  const s = stepPlots(syntheticInstance(0));
  assert.doesNotMatch(s, /class="m1"/);
  assert.match(s, /\(no tokens\)/);
});

test("stepPlots leaves gaps at NaN probabilities", () => {
  const d = fixtureInstance();
  d.m1.prob[5] = NaN;
  const s = stepPlots(d);
  const m1 = /class="m1" d="([^"]+)"/.exec(s)![1];
  assert.equal((m1.match(/M/g) ?? []).length, 2);
});
