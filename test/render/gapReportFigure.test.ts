import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { gapReport, type GapDoc, type GapScoring } from "../../src/core/gapReport.ts";
import type { ModelLabel } from "../../src/core/InstanceData.ts";
import { textCollisions } from "../../src/export/textCollisions.ts";
import { gapFigureOptions, gapReportFigure, gapReportSVG, visibleLiteral, type GapFigureInput } from "../../src/render/gapReportFigure.ts";
import { markBoxes } from "../../src/render/markBoxes.ts";
import { palette } from "../../src/render/palette.ts";
import { assertOneLineError } from "../export/snapshot.ts";
import { svgSnapshot } from "../helpers/svgSnapshot.ts";

/**
 * The figure rendered from a fixed hand-made report is compared with a
 * committed SVG in __snapshots__ (see svgSnapshot).
 */
const DIR = path.join(__dirname, "__snapshots__");

/** A text whose characters cost `bits1` and `bits2` bits each, or per character. */
function doc(index: number, text: string, bits1: number | number[], bits2: number | number[]): GapDoc {
  const chars = Array.from(text);
  const per = (b: number | number[]) => Float64Array.from(chars, (_, i) => (typeof b === "number" ? b : b[i % b.length]));
  return { index, text, chars, charBytes: Uint8Array.from(chars, (c) => Buffer.byteLength(c)), bits1: per(bits1), bits2: per(bits2) };
}

const MODELS: [ModelLabel, ModelLabel] = [
  { name: "tiny-en", spec: "tiny-en" },
  { name: "tiny-de", spec: "tiny-de" },
];

/** A small corpus with every bucket, where model 2 (German) wins on umlauts and German words and loses on English. */
function fixture(scoring: [GapScoring, GapScoring] = ["causal", "causal"]): GapFigureInput {
  const docs = [
    doc(0, "The weather is nice today, see https://example.com/a?b=1.", [2, 1, 3], [4, 3, 5]),
    doc(1, "Das Wetter ist heute schön und wir gehen in den Park.", [5, 4, 6, 9], [2, 1, 2, 1]),
    doc(2, "Zwei  Leerzeichen\n\t3.14 — 😀 Grüße!", [6, 2, 12], [3, 2, 4]),
    doc(3, "", 0, 0),
    doc(4, "the the the 42", 1, 1.5),
  ];
  return { report: gapReport(docs), models: MODELS, scoring };
}

test("snapshot gap-report renders as committed", () => svgSnapshot(DIR, "gap-report", gapReportSVG(fixture(), { width: 720, rows: 6 })));

test("snapshot gap-report-masked-narrow-grayscale renders as committed", () =>
  svgSnapshot(
    DIR,
    "gap-report-masked-narrow-grayscale",
    gapReportSVG(fixture(["causal", "masked"]), { width: 480, grayscale: true, rows: 4 }),
  ));

test("gapReportFigure's labels neither overlap nor run past the edge, wide or narrow, masked or not", () => {
  for (const width of [480, 560, 720, 1000])
    for (const scoring of [
      ["causal", "causal"],
      ["masked", "causal"],
    ] as [GapScoring, GapScoring][]) {
      const f = gapReportFigure(fixture(scoring), gapFigureOptions({ width }));
      assert.equal(f.width, width);
      assert.deepEqual(textCollisions(markBoxes(f.marks), f.width), [], `width ${width}, ${scoring.join("/")}`);
    }
});

test("gapReportFigure draws each model's bits-per-byte bars in its palette colour and gap bars in the better model's", () => {
  const input = fixture();
  for (const [name, grayscale] of [
    ["rdbu", false],
    ["puor", false],
    ["rdbu", true],
  ] as const) {
    const p = palette(name, grayscale);
    const svg = gapReportSVG(input, { palette: name, grayscale });
    assert.match(svg, new RegExp(`class="bar m1"[^>]*fill="${p.model1}"`));
    assert.match(svg, new RegExp(`class="bar m2"[^>]*fill="${p.model2}"`));
  }
  // Non-ASCII: model 2 needs fewer bits, so its gap bar is model 2's colour; the English URL the other way.
  const svg = gapReportSVG(input);
  const row = (bucket: string) => new RegExp(`data-bucket="${bucket}">.*?</g>`).exec(svg)![0];
  assert.match(row("non_ascii"), /class="gap"[^>]*fill="#4393c3"/);
  assert.match(row("url"), /class="gap"[^>]*fill="#d6604d"/);
});

test("gapReportFigure labels a masked model's bits as pseudo-bits and says what a PLL is", () => {
  const causal = gapReportSVG(fixture());
  assert.doesNotMatch(causal, /pseudo/);
  const masked = gapReportSVG(fixture(["causal", "masked"]));
  assert.match(masked, /model 2: tiny-de \(pseudo-bits\)/);
  assert.match(masked, /pseudo-log-likelihood, PLL/);
});

test("gapReportFigure shows the top lists with visible whitespace, and 'none' and 'no bytes' where empty", () => {
  const svg = gapReportSVG(fixture(), { rows: 20 });
  assert.match(svg, /schön/);
  assert.match(svg, /␣/);
  assert.match(svg, /#1<\/text>/);
  const empty = gapReportSVG({ report: gapReport([]), models: MODELS, scoring: ["causal", "causal"] });
  assert.match(empty, /none/);
  assert.match(empty, /no bytes in this bucket/);
  assert.equal(visibleLiteral(" \n\t\r"), "␣↵⇥␍");
});

test("gapReportFigure clips long literals and excerpts to their column", () => {
  const input = {
    report: gapReport([doc(0, "x".repeat(300), 1, 2)]),
    models: MODELS,
    scoring: ["causal", "causal"] as [GapScoring, GapScoring],
  };
  const f = gapReportFigure(input, gapFigureOptions({ width: 480 }));
  assert.deepEqual(textCollisions(markBoxes(f.marks), f.width), []);
  assert.ok(f.marks!.texts.some((t) => /^x+…$/.test(t.text)));
});

test("gapFigureOptions rejects bad options in one line", () => {
  assertOneLineError(() => gapFigureOptions({ width: 100 }), /invalid width 100/);
  assertOneLineError(() => gapFigureOptions({ palette: "viridis" as never }), /unknown palette "viridis"/);
  assertOneLineError(() => gapFigureOptions({ rows: 0 }), /invalid rows 0/);
  assertOneLineError(() => gapFigureOptions({ measure: "x" } as never), /unknown gap figure option "measure"/);
  assert.deepEqual(gapFigureOptions(), { width: 720, palette: "rdbu", grayscale: false, rows: 10 });
});
