import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedTokenSpan, alignedTopk, alignedTopkFigure, alignedTopkHeight } from "../../src/render/alignedTopk.ts";
import { alignedRenderOptions } from "../../src/render/alignedOptions.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";

const d = alignedFixture();

test("alignedTopk shows one model's token, probability, rank and top-k list, the actual token marked", () => {
  const svg = alignedTopk(d, 0, 1, { width: 400 });
  assert.ok(svg.includes("model 1 (tiny-en) · token 2 of 13: &quot;in&quot;"));
  assert.ok(svg.includes("p 30.0% · rank 2"));
  assert.equal((svg.match(/class="topk-row/g) ?? []).length, 3);
  assert.match(svg, /class="topk-row actual" data-rank="2"/);
});

test("alignedTopk labels a masked model's probability PLL and its bits pseudo-bits", () => {
  const svg = alignedTopk(d, 1, 1, { width: 400 });
  assert.ok(svg.includes("PLL p 8.0% · rank 5"));
  assert.ok(svg.includes("pseudo-bits"));
  assert.ok(svg.includes("not in the top 3 (rank 5)"));
  assert.ok(svg.includes("PLL: the token masked"));
});

test("alignedTokenSpan says what a token owns: characters, part of one, or nothing", () => {
  assert.equal(alignedTokenSpan(d, 1, 1), '" Bär" (5 bytes)');
  assert.equal(alignedTokenSpan(d, 0, 4), '1 of the 2 bytes of "ä"');
  assert.match(alignedTokenSpan(d, 1, 4), /^no characters/);
});

test("alignedTopkHeight is at least the height of every card of the side", () => {
  const o = alignedRenderOptions(d, { width: 400 });
  for (const side of [0, 1] as const)
    for (let i = 0; i < d.sides[side].tokens.length; i++) assert.ok(alignedTopkFigure(d, side, i, o).height <= alignedTopkHeight(d, side));
});

test("alignedTopk refuses a token index out of range", () => {
  assert.throws(() => alignedTopk(d, 0, 13), /out of range \(0 to 12\)/);
});
