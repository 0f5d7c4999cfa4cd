import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_WIDTH, figureOptions } from "../../src/export/figureOptions.js";
import { assertOneLineError } from "./snapshot.js";

test("figureOptions() gives paper defaults: composite, 455 pt, sans, 10 pt, legend on", () => {
  const o = figureOptions();
  assert.equal(o.view, "composite");
  assert.equal(o.width, DEFAULT_WIDTH);
  assert.equal(o.fontFamily, "sans");
  assert.equal(o.fontSize, 10);
  assert.equal(o.legend, true);
  assert.equal(o.title, "");
  assert.equal(o.token, null);
  assert.equal(o.render.measure, "prob_diff");
  assert.equal(o.render.width, 455);
});

test("figureOptions passes render options through renderOptions and takes numbers as strings", () => {
  const o = figureOptions({ measure: "rank_diff", palette: "puor", grayscale: "true", agg: "median", width: "300", token: "4" });
  assert.equal(o.render.measure, "rank_diff");
  assert.equal(o.render.palette, "puor");
  assert.equal(o.render.grayscale, true);
  assert.equal(o.render.agg, "median");
  assert.equal(o.width, 300);
  assert.equal(o.token, 4);
});

test("figureOptions(input, defaultView) uses the default view", () => {
  assert.equal(figureOptions({}, "global").view, "global");
});

test("figureOptions rejects bad values with one line naming the option, the value and what is allowed", () => {
  assertOneLineError(
    () => figureOptions({ view: "x" }),
    /^lmdiff: unknown view "x" \(expected one of strip, plots, histogram, global, topk, composite\)$/,
  );
  assertOneLineError(() => figureOptions({ fontFamily: "Arial" }), /unknown fontFamily "Arial" \(expected one of sans, serif\)/);
  assertOneLineError(() => figureOptions({ width: 100 }), /invalid width 100 \(expected a number from 200 to 20000\)/);
  assertOneLineError(() => figureOptions({ palette: "jet" }), /unknown palette "jet" \(expected one of rdbu, puor\)/);
  assertOneLineError(() => figureOptions({ legend: "yes" }), /invalid legend "yes"/);
  assertOneLineError(() => figureOptions({ title: 3 }), /invalid title 3 \(expected a string\)/);
  assertOneLineError(() => figureOptions({ token: -1 }), /invalid token -1/);
  assertOneLineError(() => figureOptions({ colour: "red" } as never), /unknown figure option "colour"/);
  assertOneLineError(() => figureOptions(null as never), /invalid figure options null/);
});
