import assert from "node:assert/strict";
import { test } from "node:test";
import { corpusViewOptions, instanceViewOptions } from "../../src/notebook/viewOptions.js";
import { corpusPicture, instancePicture } from "../../src/notebook/viewPicture.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";

// Characters XML 1.0 forbids: any of them makes an SVG fail to load as an image.
// XML's Char is tab, newline, carriage return, U+0020 to U+FFFD and whole
// surrogate pairs; so outside it are the other C0 controls, U+FFFE, U+FFFF
// and lone surrogates.
const NOT_XML = /[^\t\n\r\u0020-\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test("corpusPicture(data) lists the most extreme texts under the histogram, on a white ground", () => {
  const svg = corpusPicture(fixtureCorpus(), corpusViewOptions());
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* color="#222222">/);
  assert.match(svg, /<rect width="\d+" height="\d+" fill="#ffffff"\/>/);
  assert.match(svg, />10 most extreme texts</);
  assert.match(svg, />Completely unexpected words appear\.</, "text 7, the top outlier");
});

test("corpusPicture(data) shows control characters as Control Pictures and stays well-formed", () => {
  const c = fixtureCorpus();
  c.text = c.text.map((t, i) => (i === 7 ? "Look out!\u0007\u0007 \ud800 end" : t));
  const svg = corpusPicture(c, corpusViewOptions());
  assert.doesNotMatch(svg, NOT_XML);
  assert.match(svg, /Look out!\u2407\u2407 \ufffd end/);
});

test("instancePicture(data) stays well-formed when a token holds a control character", () => {
  const d = fixtureInstance();
  d.tokens = d.tokens.map((t, i) => (i === 1 ? "\u0007bell" : t));
  d.text = "\u0007" + d.text;
  assert.doesNotMatch(instancePicture(d, instanceViewOptions()), NOT_XML);
});

test("corpusPicture(data, { selected }) adds the selected text's instance figure", () => {
  const d = { ...fixtureInstance(), index: 7 };
  const svg = corpusPicture(fixtureCorpus(), corpusViewOptions({ selected: 7 }), d);
  assert.match(svg, />text #7</);
  assert.ok(svg.length > corpusPicture(fixtureCorpus(), corpusViewOptions()).length);
});

test("corpusPicture(data) of a comparison with significance columns lists each model's most significant texts", async () => {
  const { fixturePairCorpus } = await import("../fixtures/pair.js");
  const svg = corpusPicture(fixturePairCorpus(), corpusViewOptions());
  assert.match(svg, />model 1 \(tiny-en\) better: the 4 most significant</);
  assert.match(svg, />model 2 \(tiny-en-distil\) better: the 5 most significant</);
  assert.match(svg, />q &lt;0.001</);
  assert.ok(svg.indexOf(">Emoji 😀 text.<") < svg.indexOf(">Completely unexpected words appear.<"), "text 5 before text 7");
  const raw = corpusPicture(fixturePairCorpus(), corpusViewOptions({ rankBy: "raw" }));
  assert.match(raw, />model 1 \(tiny-en\) better: the 4 most extreme</);
});
