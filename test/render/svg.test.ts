import assert from "node:assert/strict";
import { test } from "node:test";
import { attrs, el, escapeXml, num, svgRoot, text } from "../../src/render/svg.js";

test("escapeXml escapes the five XML special characters", () => {
  assert.equal(escapeXml(`<a & "b" 'c'>`), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
});

test("num rounds to 2 decimals and never writes -0, NaN or Infinity", () => {
  assert.equal(num(1.23456), "1.23");
  assert.equal(num(-0.001), "0");
  assert.equal(num(NaN), "0");
  assert.equal(num(Infinity), "0");
  assert.equal(num(1e6), "1000000");
});

test("attrs drops null, undefined and false and keeps the given order", () => {
  assert.equal(attrs({ b: 1.005, a: "x<", c: null, d: undefined, e: false }), ' b="1" a="x&lt;"');
});

test("el writes self-closing elements without children and text escapes content", () => {
  assert.equal(el("rect", { x: 1 }), '<rect x="1"/>');
  assert.equal(el("g", {}, ["<a/>", "<b/>"]), "<g><a/><b/></g>");
  assert.equal(text({ x: 0 }, "<&>"), '<text x="0">&lt;&amp;&gt;</text>');
});

test("svgRoot wraps a figure with its size and viewBox", () => {
  const s = svgRoot({ width: 10.004, height: 5, body: "" });
  assert.match(s, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="10" height="5" viewBox="0 0 10 5"/);
});

test("escapeXml shows control characters as control pictures, so the SVG stays valid XML", () => {
  assert.equal(escapeXml("Behind you!\u0007\u0007"), "Behind you!\u2407\u2407");
  assert.equal(escapeXml("a\tb\nc"), "a\tb\nc");
  assert.equal(escapeXml("x\uD800y"), "x\ufffdy");
  assert.equal(escapeXml("😀"), "😀");
});
