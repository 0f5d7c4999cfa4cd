import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { alignedToLaTeX } from "../../src/export/alignedToLaTeX.ts";
import { toLaTeX } from "../../src/export/toLaTeX.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";
import { ensureDebianTool } from "./debianTool.ts";
import { assertPdflatexCompiles } from "./pdflatex.ts";
import { assertOneLineError } from "./snapshot.ts";

const d = alignedFixture();

test("toLaTeX(aligned) writes the characters in \\colorbox backgrounds, one box per run of a colour, breaking after spaces", () => {
  const tex = toLaTeX(d);
  assert.equal(tex, alignedToLaTeX(d));
  const boxes = tex.split("\n").filter((l) => l.startsWith("\\lmdiffchr"));
  assert.ok(boxes.length >= 8);
  assert.ok(tex.includes("\\allowbreak%"));
  assert.ok(tex.includes("\\ensuremath{\\hookleftarrow}}%\n\\\\%"), "a newline ends its line");
  assert.ok(tex.includes('{\\"{a}}'), "ä as an accent command");
  assert.ok(tex.includes("\\lmdiffchar{1F600}"), "the emoji as a placeholder");
  assert.ok(tex.includes("\\textless{}") && tex.includes("\\&"));
});

test("toLaTeX(aligned) says in its legend who needs fewer bits, each model's bits per byte and what PLL means", () => {
  const tex = toLaTeX(d);
  assert.ok(tex.includes("bits difference per character"));
  assert.ok(tex.includes("model 1 (tiny-en) needs fewer bits"));
  assert.ok(tex.includes("pseudo-bits per byte (PLL"));
  assert.ok(
    tex.includes("% lmdiff character strip: bits difference, model 1 = tiny-en, model 2 = tiny-mlm-en (masked: pseudo-log-likelihood)"),
  );
  assert.ok(!toLaTeX(d, { legend: false }).includes("\\smallskip"));
});

test("toLaTeX(aligned) in grayscale frames model 2's side and says so", () => {
  const tex = toLaTeX(d, { grayscale: true });
  assert.ok(tex.includes("\\lmdiffchrframed{"));
  assert.ok(tex.includes("framed: model 2"));
});

test("toLaTeX(aligned) refuses a token measure in one line", () => {
  assertOneLineError(() => toLaTeX(d, { measure: "rank_diff" }), /use bits_diff, bits_1, bits_2/);
});

const skip = ensureDebianTool("pdflatex", ["texlive-latex-base"]);

test("toLaTeX(aligned)'s standalone document compiles with pdflatex", { skip: skip ?? false }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-tex-aligned-"));
  for (const [name, opts] of [
    ["colour", {}],
    ["grey", { grayscale: true, measure: "bits_2" }],
  ] as const) {
    assertPdflatexCompiles(dir, name, toLaTeX(d, { standalone: true, ...opts }));
  }
});
