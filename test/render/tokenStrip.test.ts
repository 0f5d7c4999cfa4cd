import assert from "node:assert/strict";
import { test } from "node:test";
import { tokenStrip } from "../../src/render/tokenStrip.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";

test("tokenStrip gives every token a data-i group, partial ones included", () => {
  const s = tokenStrip(fixtureInstance());
  for (let i = 0; i < 12; i++) assert.match(s, new RegExp(`data-i="${i}"`));
  assert.equal((s.match(/class="tok partial"/g) ?? []).length, 2);
});

test("tokenStrip escapes token text and preserves leading spaces", () => {
  const s = tokenStrip(fixtureInstance());
  assert.ok(s.includes(">  &lt;&amp;&gt;</text>"));
  assert.ok(!s.includes("<&>"));
  assert.ok(s.includes('xml:space="preserve"'));
  assert.ok(s.includes(">.↵</text>"));
});

test("tokenStrip colours a token won by model 1 red and one won by model 2 blue", () => {
  const s = tokenStrip(fixtureInstance(), { measure: "prob_diff" });
  const fill = (i: number) => new RegExp(`data-i="${i}"[^>]*><rect[^>]*fill="([^"]+)"`).exec(s)![1];
  // token 4 (" said"): p1 0.3 > p2 0.1; token 1 (" M"): p2 0.2 > p1 0.05
  const rb = (c: string) => c.match(/\d+/g)!.map(Number);
  const [r4, , b4] = rb(fill(4));
  const [r1, , b1] = rb(fill(1));
  assert.ok(r4 > b4 + 100, fill(4));
  assert.ok(b1 > r1 + 100, fill(1));
});

test("tokenStrip outlines the highlighted token", () => {
  assert.match(tokenStrip(fixtureInstance(), { highlight: 3 }), /class="tok-highlight"/);
  assert.doesNotMatch(tokenStrip(fixtureInstance()), /tok-highlight/);
});

test("tokenStrip of an empty text says so", () => {
  const d = syntheticInstance(0);
  assert.match(tokenStrip(d), /\(no tokens\)/);
});

test("tokenStrip is deterministic", () => {
  assert.equal(tokenStrip(syntheticInstance(300, 5)), tokenStrip(syntheticInstance(300, 5)));
});

test("tokenStripBands cut the strip into bands that stack to the whole strip", async () => {
  const { tokenStripBands, tokenStripFigure } = await import("../../src/render/tokenStrip.js");
  const { colorScale } = await import("../../src/render/colorScale.js");
  const { computeMeasure } = await import("../../src/core/measures.js");
  const { renderOptions } = await import("../../src/render/renderOptions.js");
  const d = syntheticInstance(300, 4);
  const o = renderOptions({ width: 400 });
  const v = computeMeasure("prob_diff", d.m1, d.m2, d.k, d.maxClampRank);
  const sc = colorScale("prob_diff", v, o, d.k);
  const whole = tokenStripFigure(d, v, sc, o);
  const bands = tokenStripBands(d, v, sc, o, 5);
  assert.equal(
    bands.reduce((h, b) => h + b.height, 0),
    whole.height,
  );
  assert.ok(bands.length > 2);
  const ids = (s: string) => new Set([...s.matchAll(/data-i="(\d+)"/g)].map((m) => m[1]));
  const all = new Set(bands.flatMap((b) => [...ids(b.body)]));
  assert.equal(all.size, 300);
  // Every band starts at y = 0: its first line's boxes sit at y 1.
  for (const b of bands) assert.match(b.body, /<rect x="0" y="1"/);
});
