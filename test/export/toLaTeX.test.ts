import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import type { InstanceData } from "../../src/core/InstanceData.js";
import { toLaTeX } from "../../src/export/toLaTeX.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { ensureDebianTool } from "./debianTool.js";
import { assertPdflatexCompiles } from "./pdflatex.js";
import { assertOneLineError } from "./snapshot.js";

/** The fixture with its tokens replaced (scores kept), for texts full of specials. */
function withTokens(tokens: string[]): InstanceData {
  const d = fixtureInstance();
  const n = d.tokens.length;
  return { ...d, tokens: Array.from({ length: n }, (_, i) => tokens[i % tokens.length]), partial: new Uint8Array(n) };
}

test("toLaTeX(data) writes one \\colorbox token per token with \\definecolor'd colours and a legend line", () => {
  const tex = toLaTeX(fixtureInstance());
  assert.equal(
    (tex.match(/^\\lmdifftok(framed)?\{/gm) ?? []).length,
    12,
    "11 boxes of tokens and ↵ boxes split by a newline, plus partial boxes",
  );
  const used = new Set([...tex.matchAll(/\\lmdifftok(?:framed)?\{(lmdiff[A-Z]+)\}/g)].map((m) => m[1]));
  for (const name of used) assert.match(tex, new RegExp(`\\\\definecolor\\{${name}\\}\\{rgb\\}\\{[\\d.]+,[\\d.]+,[\\d.]+\\}`));
  assert.match(tex, /red: model 1 \(tiny-en\) gives the actual token a higher probability; blue: model 2 \(tiny-en-distil\)/);
  assert.match(tex, /\\\\%\n/, "the newline after '.' is a line break");
  assert.match(tex, /\\lmdiffchar\{1F600\}/, "the emoji is a visible placeholder");
  assert.match(tex, /\{\\ \\ \\textless\{\}\\&\\textgreater\{\}\}/, "leading spaces kept and <&> escaped");
  assert.doesNotMatch(tex, /[\u0080-\uffff]/, "plain ASCII");
});

test("toLaTeX with grayscale frames model 2's tokens and says so in the legend", () => {
  const tex = toLaTeX(fixtureInstance(), { grayscale: true, measure: "rank_diff" });
  assert.match(tex, /^\\lmdifftokframed\{/m);
  assert.match(tex, /framed: model 2 \(tiny-en-distil\) ranks the actual token better/);
  assert.match(tex, /unframed: model 1/);
});

test("toLaTeX with legend false has no legend line, and standalone wraps a document", () => {
  assert.doesNotMatch(toLaTeX(fixtureInstance(), { legend: false }), /footnotesize/);
  const doc = toLaTeX(fixtureInstance(), { standalone: true, width: 300 });
  assert.match(doc, /^\\documentclass\{article\}/);
  assert.match(doc, /\\setlength\{\\textwidth\}\{300pt\}/);
  assert.match(doc, /\\end\{document\}\n$/);
});

test("toLaTeX refuses a corpus and bad options in one line", () => {
  assertOneLineError(() => toLaTeX(fixtureCorpus() as never), /needs one text/);
  assertOneLineError(() => toLaTeX(fixtureInstance(), { measure: "nope" }), /unknown measure "nope"/);
  assertOneLineError(() => toLaTeX(fixtureInstance(), { font: "x" } as never), /unknown LaTeX option "font"/);
});

const skip = ensureDebianTool("pdflatex", ["texlive-latex-base"]);

test("toLaTeX's standalone document with every LaTeX special compiles with pdflatex", { skip: skip ?? false }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-tex-"));
  const specials = [
    " \\",
    "{",
    "}",
    "$",
    "&",
    "#",
    "^",
    "_",
    "%",
    "~",
    " \\{}$&#^_%~",
    '<>|"',
    "--,,``''!`?`",
    "\n\n",
    " Grüße",
    " naïve",
    " 中文😀",
    "\t",
  ];
  for (const [name, opts] of [
    ["colour", {}],
    ["grey", { grayscale: true, measure: "rank_diff" }],
  ] as const) {
    assertPdflatexCompiles(dir, name, toLaTeX(withTokens(specials), { standalone: true, ...opts }));
  }
});
