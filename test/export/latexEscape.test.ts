import assert from "node:assert/strict";
import { test } from "node:test";
import { latexChar, latexEscape } from "../../src/export/latexEscape.js";

test('latexEscape escapes the ten LaTeX specials and < > | "', () => {
  assert.equal(
    latexEscape('\\{}$&#^_%~<>|"'),
    "\\textbackslash{}\\{\\}\\$\\&\\#\\textasciicircum{}\\_\\%\\textasciitilde{}\\textless{}\\textgreater{}\\textbar{}\\textquotedbl{}",
  );
});

test("latexEscape turns accented letters into accent commands by decomposition", () => {
  assert.equal(latexEscape("Müller"), 'M\\"{u}ller');
  assert.equal(latexEscape("naïve"), 'na\\"{\\i{}}ve');
  assert.equal(latexEscape("Ångström ß"), '\\r{A}ngstr\\"{o}m \\ss{}');
});

test("latexEscape keeps ligature-forming pairs apart", () => {
  assert.equal(latexEscape("a--b"), "a-{}-b");
  assert.equal(latexEscape(",,"), ",{},");
  assert.equal(latexEscape("!`"), "!{}`");
});

test("latexEscape with visible spaces writes control spaces", () => {
  assert.equal(latexEscape("  a b", "visible"), "\\ \\ a\\ b");
});

test("latexChar shows characters without a LaTeX form as a code-point placeholder", () => {
  assert.equal(latexChar("😀"), "\\lmdiffchar{1F600}");
  assert.equal(latexChar("中"), "\\lmdiffchar{4E2D}");
  assert.equal(latexChar("\u0007"), "\\lmdiffchar{0007}");
  assert.equal(latexChar("α"), "\\ensuremath{\\alpha}");
  assert.equal(latexChar("€"), "\\texteuro{}");
});

test("latexEscape output is ASCII for any input", () => {
  // Any UTF-16 unit above U+007F is a non-ASCII character (or half of one).
  assert.doesNotMatch(latexEscape("Ωmega → ∞ “q” – ‽ 𝔸 \u00a0"), /[\u0080-\uffff]/);
});
