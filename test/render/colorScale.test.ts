import assert from "node:assert/strict";
import { test } from "node:test";
import { colorScale, NAN_COLOR, parseColor, robustMax, textColorOn } from "../../src/render/colorScale.js";
import { renderOptions } from "../../src/render/renderOptions.js";

const o = renderOptions();
const hue = (c: string) => {
  const [r, , b] = parseColor(c);
  return r > b ? "red" : b > r ? "blue" : "grey";
};

test("colorScale puts white at zero and red where model 1 is better", () => {
  const p = colorScale("prob_diff", [-0.5, 0.5], o);
  assert.equal(p.color(0), "rgb(255, 255, 255)");
  assert.equal(hue(p.color(-0.3)), "red"); // p2 < p1: model 1 better
  assert.equal(hue(p.color(0.3)), "blue");
  const r = colorScale("rank_diff", [-10, 10], o);
  assert.equal(hue(r.color(5)), "red"); // rank2 > rank1: model 1 better
  assert.equal(hue(r.color(-5)), "blue");
  assert.equal(r.side(5), 1);
  assert.equal(r.side(-5), 2);
  assert.equal(r.side(0), 0);
});

test("colorScale reaches the model colours at the ends of the domain", () => {
  const p = colorScale("prob_diff", [-1, 1], { ...o, domainMax: 1 });
  assert.equal(p.color(-0.75), "rgb(214, 96, 77)"); // #d6604d
  assert.equal(p.color(0.75), "rgb(67, 147, 195)"); // #4393c3
  assert.equal(p.color(-5), p.color(-1)); // clamped
});

test("colorScale uses a symmetric robust domain so one huge value does not wash out the rest", () => {
  const values = Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) * 0.1);
  values.push(1e9);
  const s = colorScale("rank_diff", values, o);
  assert.deepEqual(s.domain, [-0.1, 0.1]);
  assert.equal(s.color(1e9), s.color(0.1));
});

test("colorScale of an all-zero measure is all white, and NaN gets the missing colour", () => {
  const s = colorScale("prob_diff", [0, 0, 0], o);
  assert.equal(s.color(0), "rgb(255, 255, 255)");
  assert.equal(s.color(NaN), NAN_COLOR);
  assert.ok(s.domain[1] > 0);
});

test("robustMax ignores NaN and infinities and is at least a tiny epsilon", () => {
  assert.equal(robustMax([NaN, Infinity]), 1e-6);
  assert.equal(robustMax([]), 1e-6);
  assert.ok(Math.abs(robustMax([0, 0, 0, 2]) - 1.7) < 1e-9); // the 95th percentile
  assert.equal(robustMax([...new Array<number>(30).fill(0), 2]), 2); // percentile 0: fall back to the max
  assert.ok(Math.abs(robustMax(Array.from({ length: 21 }, (_, i) => i)) - 19) < 1e-12);
});

test("colorScale draws single-model measures in greys, darker for better", () => {
  const p = colorScale("prob_1", [], o);
  const lum = (c: string) => parseColor(c).reduce((a, b) => a + b, 0);
  assert.ok(lum(p.color(0.9)) < lum(p.color(0.1)));
  const r = colorScale("rank_2", [], o);
  assert.ok(lum(r.color(1)) < lum(r.color(10)));
  assert.ok(lum(r.color(10)) < lum(r.color(1000)));
  assert.equal(r.color(5000), r.color(1000)); // capped
  assert.equal(r.log, true);
  const [cr, cg, cb] = parseColor(r.color(10));
  assert.ok(cr === cg && cg === cb);
});

test("colorScale gives entropy_diff its own brown/teal scale with no winner", () => {
  const s = colorScale("entropy_diff", [-1, 1], o);
  assert.notEqual(hue(s.color(0.8)), "blue");
  assert.equal(s.side(0.8), 0);
  assert.equal(s.kind, "diverging");
});

test("colorScale of topk_diff is sequential from 0 to k", () => {
  const s = colorScale("topk_diff", [0, 3], o, 10);
  assert.deepEqual(s.domain, [0, 10]);
  assert.equal(s.kind, "sequential");
});

test("the grayscale variant uses greys and dashes the model-2 side", () => {
  const s = colorScale("prob_diff", [-1, 1], { ...o, grayscale: true });
  for (const v of [-0.6, 0.6]) {
    const [r, g, b] = parseColor(s.color(v));
    assert.ok(r === g && g === b);
  }
  assert.equal(s.dashed(0.6), true); // p2 > p1: model 2 side
  assert.equal(s.dashed(-0.6), false);
});

test("the puor palette swaps the hues but keeps the orientation", () => {
  const s = colorScale("prob_diff", [-1, 1], { ...o, palette: "puor", domainMax: 1 });
  assert.equal(s.color(-0.75), "rgb(224, 130, 20)"); // orange, model 1
});

test("textColorOn picks white text on dark fills and dark text on light ones", () => {
  assert.equal(textColorOn("#b2182b"), "#ffffff");
  assert.equal(textColorOn("#ffffff"), "#111111");
  assert.equal(textColorOn("rgb(253, 219, 199)"), "#111111");
});

test("colorScale of an all-zero difference has the domain ±1, not ±1e-6", () => {
  assert.deepEqual(colorScale("prob_diff", [0, 0, NaN], o).domain, [-1, 1]);
  assert.deepEqual(colorScale("rank_diff", [], o).domain, [-1, 1]);
});

test("colorScale of a divergence is sequential greens from white at 0 to its robust maximum", () => {
  const values = Array.from({ length: 100 }, (_, i) => i / 100);
  values.push(50);
  const s = colorScale("kl", values, o);
  assert.equal(s.kind, "sequential");
  assert.equal(s.domain[0], 0);
  assert.ok(s.domain[1] < 1, "one huge KL does not set the scale");
  assert.equal(s.color(50), s.color(s.domain[1]));
  const [r, g, b] = parseColor(s.color(s.domain[1] * 0.9));
  assert.ok(g > r && g > b, "green");
  assert.equal(s.side(0.5), 0);
  assert.equal(s.color(NaN), NAN_COLOR);
});

test("colorScale caps JS and TV at 1, their largest value, and gives all-zero divergences the domain 0 to 1", () => {
  assert.deepEqual(colorScale("tv", [0.5, 3, 3, 3], o).domain, [0, 1]);
  assert.deepEqual(colorScale("js", [0, 0, 0], o).domain, [0, 1]);
  assert.deepEqual(colorScale("kl", [0, 0], o).domain, [0, 1]);
  assert.deepEqual(colorScale("kl", [0, 2], { ...o, domainMax: 4 }).domain, [0, 4]);
});

test("colorScale of top1_agree is white where the models agree and binary when every value is 0 or 1", () => {
  const s = colorScale("top1_agree", [0, 1, 1, NaN], o);
  assert.equal(s.binary, true);
  const lum = (c: string) => parseColor(c).reduce((a, b) => a + b, 0);
  assert.ok(lum(s.color(1)) > lum(s.color(0)));
  assert.deepEqual(s.domain, [0, 1]);
  assert.equal(colorScale("top1_agree", [0.25, 0.9], o).binary, undefined);
  assert.equal(colorScale("top1_agree", [NaN], o).binary, undefined);
});

test("colorScale of a divergence in grayscale is grey", () => {
  const [r, g, b] = parseColor(colorScale("kl", [0, 1], { ...o, grayscale: true }).color(0.7));
  assert.ok(r === g && g === b);
});
