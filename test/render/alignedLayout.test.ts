import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedLayout, alignedRowLabel, alignedRowTop, clipLabel, SLICE_MIN, tokensAtChar } from "../../src/render/alignedLayout.ts";
import { CHAR_ADVANCE_EM } from "../../src/render/textWidth.ts";
import { alignedFixture, emptyAlignedFixture } from "../helpers/alignedFixture.ts";

const d = alignedFixture();
const o = { width: 400, fontSize: 14 };
const adv = CHAR_ADVANCE_EM * 14;

test("alignedLayout(data, o) gives every character one cell, in order, without overlaps", () => {
  const L = alignedLayout(d, o);
  assert.equal(L.cells.length, d.chars.length);
  for (let c = 1; c < L.cells.length; c++) {
    const [a, b] = [L.cells[c - 1], L.cells[c]];
    if (a.line === b.line) assert.ok(b.x >= a.x + a.w - 1e-9, `cell ${c} starts after cell ${c - 1}`);
    else assert.equal(b.line, a.line + 1);
  }
  for (const cell of L.cells) assert.ok(cell.x >= L.gutter && cell.x + cell.w <= o.width, "inside the strip");
});

test("alignedLayout draws a newline as ↵ and starts a new line after it", () => {
  const L = alignedLayout(d, o);
  const nl = d.chars.indexOf("\n");
  assert.equal(L.cells[nl].glyph, "↵");
  assert.equal(L.cells[nl + 1].line, L.cells[nl].line + 1);
  assert.equal(L.cells[nl + 1].x, L.gutter);
  assert.equal(L.lines, 2);
  assert.equal(L.height, L.lines * L.lineHeight - (L.lineHeight - 2 * L.rowHeight));
});

test("alignedLayout leaves a gap where either model starts a token, and none inside both models' tokens", () => {
  const L = alignedLayout(d, o);
  const gapBefore = (c: number) => L.cells[c].x - (L.cells[c - 1].x + L.cells[c - 1].w);
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  near(gapBefore(1), L.gap, "model 1 starts 'in' after 'E' (model 2 reads 'ein')");
  near(gapBefore(2), 0, "'i' and 'n' are in one token of each model");
  near(gapBefore(3), L.gap, "both start a token at the space");
});

test("alignedLayout widens a character a model splits to SLICE_MIN per byte, and gives each token its share", () => {
  const L = alignedLayout(d, o);
  const ae = d.chars.indexOf("ä");
  assert.equal(L.cells[ae].w, Math.max(adv, 2 * SLICE_MIN));
  assert.equal(L.cells[ae].natural, false, "drawn once over its slices");
  const slices = L.boxes[0].filter((b) => b.pieces.some((p) => p.c === ae));
  assert.deepEqual(
    slices.map((b) => b.i),
    [3, 4],
  );
  const [first, second] = slices;
  assert.ok(first.x + first.w < second.x, "the two slices do not touch");
  assert.ok(Math.abs(first.w - second.w) < 1e-9, "two bytes, one each: equal shares");
});

test("alignedLayout lines up the two models' boxes over the same characters", () => {
  const L = alignedLayout(d, o);
  // Model 1's "E" and "in" together cover what model 2's "ein" covers.
  const [e, inn] = [L.boxes[0][0], L.boxes[0][1]];
  const ein = L.boxes[1][0];
  assert.ok(Math.abs(e.x - ein.x) < 1e-9);
  assert.ok(Math.abs(inn.x + inn.w - (ein.x + ein.w)) < 1e-9);
  assert.ok(e.x + e.w < inn.x, "model 1's two boxes are apart");
});

test("alignedLayout gives a token that spans a line break one box per line", () => {
  const L = alignedLayout(d, o);
  const ja = L.boxes[1].filter((b) => b.i === 3);
  assert.deepEqual(
    ja.map((b) => b.line),
    [0, 1],
  );
});

test("alignedLayout gives a token without bytes a thin box of its own", () => {
  const L = alignedLayout(d, o);
  const empty = L.boxes[1].find((b) => b.empty)!;
  assert.equal(empty.i, 4);
  assert.ok(empty.w > 0);
  const next = L.boxes[1].find((b) => b.i === 5)!;
  assert.ok(empty.x + empty.w < next.x, "before the next token, apart from it");
});

test("alignedLayout wraps after spaces at the width, and a word longer than a line between characters", () => {
  const narrow = alignedLayout(d, { width: 120, fontSize: 14 });
  assert.ok(narrow.lines > 2);
  for (const cell of narrow.cells) assert.ok(cell.x + cell.w <= 120 + 1e-9);
  const space = d.chars.indexOf(" ");
  const bar = narrow.cells[space + 1];
  assert.ok(bar.line > narrow.cells[0].line || bar.x > narrow.gutter, "a word starts after its space");
});

test("alignedLayout of an empty text has no lines", () => {
  const L = alignedLayout(emptyAlignedFixture(), o);
  assert.equal(L.lines, 0);
  assert.equal(L.height, 0);
});

test("alignedRowLabel names the model and says PLL for a masked one, cutting the name but never the PLL", () => {
  assert.equal(alignedRowLabel(d, 0), "tiny-en");
  assert.equal(alignedRowLabel(d, 1), "tiny-mlm-en · PLL");
  assert.match(alignedRowLabel(d, 1, 50), /^ti.*… · PLL$/);
  assert.equal(clipLabel("abc", 100, 10), "abc");
});

test("alignedRowTop puts model 2's row under model 1's on every line", () => {
  const L = alignedLayout(d, o);
  assert.equal(alignedRowTop(L, 1, 1) - alignedRowTop(L, 1, 0), L.rowHeight);
  assert.equal(alignedRowTop(L, 1, 0), L.lineHeight);
});

test("tokensAtChar gives each model's tokens that own some of a character's bytes", () => {
  const ae = d.chars.indexOf("ä");
  assert.deepEqual(tokensAtChar(d, 0, ae), [3, 4]);
  assert.deepEqual(tokensAtChar(d, 1, ae), [1]);
  assert.deepEqual(tokensAtChar(d, 1, 0), [0]);
});
