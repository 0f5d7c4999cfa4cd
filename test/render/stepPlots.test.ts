import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOptions } from "../../src/render/renderOptions.js";
import { stepPath, stepPlots, stepPlotsHighlight, stepPlotsIndexAt, stepPlotsLayout } from "../../src/render/stepPlots.js";
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

test("stepPath draws a flat step per token with H and V, and leaves a gap at a missing value", () => {
  const x = (i: number) => 10 * i;
  assert.equal(
    stepPath(3, x, (i) => [5, 5, 7][i]),
    "M0,5H10H20V7H30",
  );
  assert.equal(
    stepPath(3, x, (i) => [1, NaN, 2][i]),
    "M0,1H10M20,2H30",
  );
  assert.equal(
    stepPath(0, x, () => 0),
    "",
  );
});

test("stepPlots puts the key beside the first title when it fits, else on a line of its own", () => {
  const d = fixtureInstance();
  const wide = stepPlotsLayout(12, renderOptions({ width: 800 }), d.models);
  assert.equal(wide.panelTop[0], stepPlotsLayout(12, renderOptions({ width: 800 })).panelTop[0]);
  assert.deepEqual(
    wide.key.map((k) => k.model),
    [1, 2],
  );
  assert.ok(wide.key.every((k) => k.y === wide.panelTop[0] - 6));
  const narrow = stepPlotsLayout(12, renderOptions({ width: 400 }), d.models);
  assert.ok(narrow.panelTop[0] > wide.panelTop[0], "the panels move down under the key");
  assert.ok(narrow.key[0].y < narrow.panelTop[0] - 6, "the key is above the title");
  // Each label starts right after its own line sample.
  const s = stepPlots(d, { width: 400 });
  const m = /<line x1="([\d.]+)" x2="([\d.]+)"[^>]*stroke-width="2"\/><text x="([\d.]+)"[^>]*>model 1/.exec(s)!;
  assert.equal(+m[3] - +m[2], 4);
});

test("stepPlots labels fewer token numbers in a narrow figure", () => {
  const ticks = (w: number) => (stepPlots(syntheticInstance(12, 1), { width: w }).match(/text-anchor="middle"/g) ?? []).length;
  assert.ok(ticks(200) < ticks(800));
});
