import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { alignedMeasure } from "../../src/core/alignedMeasure.ts";
import { alignedRenderOptions } from "../../src/render/alignedOptions.ts";
import { alignedStrip, alignedStripFigure } from "../../src/render/alignedStrip.ts";
import { colorScale } from "../../src/render/colorScale.ts";
import { markBoxes } from "../../src/render/markBoxes.ts";
import { textCollisions } from "../../src/export/textCollisions.ts";
import { alignedFixture, emptyAlignedFixture } from "../helpers/alignedFixture.ts";
import { svgSnapshot } from "../helpers/svgSnapshot.ts";

const DIR = path.join(__dirname, "__snapshots__");
const d = alignedFixture();

test("alignedStrip snapshots render as committed", () => {
  svgSnapshot(DIR, "aligned-strip-bits-diff", alignedStrip(d, { width: 400 }));
  svgSnapshot(
    DIR,
    "aligned-strip-bits-2-grayscale-narrow",
    alignedStrip(d, { width: 200, measure: "bits_2", grayscale: true, highlight: 8 }),
  );
});

test("alignedStrip draws every token of both models in a group with its side and index", () => {
  const svg = alignedStrip(d, { width: 400 });
  for (const side of [0, 1] as const)
    for (let i = 0; i < d.sides[side].tokens.length; i++)
      assert.ok(svg.includes(`data-side="${side}" data-i="${i}"`), `token ${side}/${i}`);
  assert.match(svg, /class="tok partial" data-side="0" data-i="4"/, "the rest of a split character");
  assert.match(svg, /class="tok empty" data-side="1" data-i="4"/, "a token without bytes");
});

test("alignedStrip colours every character's background by the measure, the same in both rows", () => {
  const o = alignedRenderOptions(d, { width: 400 });
  const values = alignedMeasure(d, "bits_diff");
  const scale = colorScale("bits_diff", values, o);
  const svg = alignedStrip(d, { width: 400 });
  for (let c = 0; c < d.chars.length; c++) {
    const fills = [...svg.matchAll(new RegExp(`class="ch" data-c="${c}"[^>]*fill="([^"]+)"`, "g"))].map((m) => m[1]);
    assert.ok(fills.length >= 2, `character ${c} in both rows`);
    for (const f of fills) assert.equal(f, scale.color(values[c]));
  }
});

test("alignedStrip labels the rows with the model names, PLL for the masked model", () => {
  const svg = alignedStrip(d, { width: 600 });
  assert.ok(svg.includes(">tiny-en</text>"));
  assert.ok(svg.includes(">tiny-mlm-en · PLL</text>"));
});

test("alignedStrip shows the newline as ↵ and escapes the text", () => {
  const svg = alignedStrip(d, { width: 400 });
  assert.ok(svg.includes("↵"));
  assert.ok(svg.includes("&lt;") && svg.includes("&amp;") && svg.includes("&gt;"));
  assert.ok(!svg.includes("\n"), "no raw newline in the SVG");
});

test("alignedStripFigure records its text so that no two labels collide, at any width", () => {
  for (const width of [160, 220, 400, 800]) {
    const o = alignedRenderOptions(d, { width, fontSize: 10 });
    const values = alignedMeasure(d, o.measure);
    const f = alignedStripFigure(d, values, colorScale(o.measure, values, o), o);
    assert.deepEqual(textCollisions(markBoxes(f.marks), f.width), [], `width ${width}`);
  }
});

test("alignedStrip with highlight outlines both models' tokens over the character", () => {
  const svg = alignedStrip(d, { width: 400, highlight: 5 });
  const g = /<g class="tok-highlight" data-c="5">(.*?)<\/g>/.exec(svg);
  assert.ok(g);
  // Model 1 splits "ä" over two tokens, model 2 reads it in one: three outlines, and the column.
  assert.equal((g[1].match(/stroke-width="2"/g) ?? []).length, 3);
  assert.ok(g[1].includes("char-highlight"));
});

test("alignedStrip refuses a token measure in one line that names the byte measures", () => {
  assert.throws(
    () => alignedStrip(d, { measure: "prob_diff" }),
    (e: Error) => /^lmdiff: .*bits_diff, bits_1, bits_2/.test(e.message) && !e.message.includes("\n"),
  );
});

test("alignedStrip of an empty text says so", () => {
  assert.ok(alignedStrip(emptyAlignedFixture()).includes("(empty text)"));
});
