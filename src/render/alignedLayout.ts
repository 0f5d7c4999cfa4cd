import type { AlignedData } from "../core/AlignedData.js";
import { labelWidth } from "./labelWidth.js";
import { CHAR_ADVANCE_EM, textCells } from "./textWidth.js";
import { visibleText } from "./tokenLayout.js";

/**
 * Where everything of the aligned strip goes: the text's characters wrapped
 * into lines, and on every line two rows of boxes over the same characters,
 * model 1's tokens above and model 2's below.  Characters keep their
 * monospace advance, so a run of them reads as text; what the layout adds
 * is room where it is needed to see the tokens:
 *
 * - a gap of `gap` units at every character boundary where either model
 *   starts a token (and around a character that a model splits), so that
 *   the two segmentations line up column by column and no two boxes touch;
 * - a character whose bytes a model splits over several tokens (an emoji
 *   in byte-level BPE) is at least SLICE_MIN units per byte wide, and each
 *   token gets the part of it that is its share of the bytes;
 * - a token that owns no bytes gets a thin box of its own in the gap at
 *   its place, so that it stays visible and hoverable;
 * - a zero-width character (a variation selector, a combining mark) at a
 *   token boundary gets half a cell, for the same reason.
 *
 * Newlines end their line (drawn as ↵, as the token strip draws them);
 * lines otherwise break after spaces, and inside a word only when the word
 * is longer than a line.  Row labels (the model names) sit in a gutter on
 * the left of every line.  All x positions include the gutter.
 */
export interface AlignedCell {
  line: number;
  x: number;
  w: number;
  /** What to draw for the character ("↵" for a newline, control pictures for controls). */
  glyph: string;
  /** Whether the cell is exactly the glyph's advance, so it can be drawn within a run of text. */
  natural: boolean;
}

/** The part of a token's box over one character (or over a gap inside the token, which goes with the next character). */
export interface AlignedPiece {
  c: number;
  x: number;
  w: number;
}

/** One box of a token on one line; a token that spans a line break has one per line, a token without bytes one `empty` box. */
export interface AlignedBox {
  side: 0 | 1;
  /** Token index on its side. */
  i: number;
  line: number;
  x: number;
  w: number;
  pieces: AlignedPiece[];
  empty: boolean;
}

export interface AlignedLayout {
  cells: AlignedCell[];
  /** Each side's boxes in token order. */
  boxes: [AlignedBox[], AlignedBox[]];
  lines: number;
  width: number;
  height: number;
  /** Width of the label gutter. */
  gutter: number;
  /** Distance between the tops of the two rows of a line. */
  rowHeight: number;
  boxHeight: number;
  /** Distance between the tops of two lines. */
  lineHeight: number;
  /** Baseline of text below a row's top. */
  baseline: number;
  /** The gap at token boundaries. */
  gap: number;
  /** The row labels, already cut to fit the gutter. */
  labels: [string, string];
}

/** Narrowest share of a split character per byte. */
export const SLICE_MIN = 6;
/** Width of the box of a token that owns no bytes, and the space between two of them. */
export const EMPTY_WIDTH = 4;
const EMPTY_SEP = 1;
/** How far a box stops short of a split point inside a character, so that the slices of a split character stay apart. */
export const BOX_INSET = 1;
/** Font size of the row labels. */
export const LABEL_SIZE = 10;
/** Space between the gutter's labels and the first character. */
const GUTTER_PAD = 12;

/** The top y of a side's row on a line. */
export function alignedRowTop(L: AlignedLayout, line: number, side: 0 | 1): number {
  return line * L.lineHeight + side * L.rowHeight;
}

/**
 * How a row is labelled: the model's name, and "PLL" for a masked model,
 * whose numbers are pseudo-log-likelihoods.  A name too long for `width`
 * is cut (marked with …), never the "PLL".
 */
export function alignedRowLabel(data: AlignedData, side: 0 | 1, width = Infinity, size = LABEL_SIZE): string {
  const suffix = data.sides[side].scoring === "masked" ? " · PLL" : "";
  return clipLabel(data.models[side].name, width - labelWidth(suffix, size), size) + suffix;
}

/** Cut a label to `width` at `size`, marking the cut with …. */
export function clipLabel(s: string, width: number, size: number): string {
  if (labelWidth(s, size) <= width) return s;
  const chars = Array.from(s);
  while (chars.length > 0 && labelWidth(chars.join("") + "…", size) > width) chars.pop();
  return chars.length ? chars.join("") + "…" : "";
}

function isBreakingSpace(ch: string): boolean {
  return ch !== "\n" && /\s/u.test(ch);
}

export function alignedLayout(data: AlignedData, o: { width: number; fontSize: number }): AlignedLayout {
  const chars = data.chars;
  const n = chars.length;
  const fs = o.fontSize;
  const adv = CHAR_ADVANCE_EM * fs;
  const gap = Math.max(4, Math.round(fs * 0.45));
  const rowHeight = Math.round(fs * 1.45);
  const boxHeight = rowHeight - 2;
  const lineGap = Math.round(fs * 0.6);
  const lineHeight = 2 * rowHeight + lineGap;
  const baseline = 1 + Math.round(boxHeight * 0.72);

  // The gutter: as wide as the longer label, at most a fifth of the width.
  const full: [string, string] = [alignedRowLabel(data, 0), alignedRowLabel(data, 1)];
  const widest = Math.max(labelWidth(full[0], LABEL_SIZE), labelWidth(full[1], LABEL_SIZE));
  const gutter = Math.ceil(Math.min(widest + GUTTER_PAD, Math.max(56, o.width * 0.2)));
  const labels: [string, string] = [alignedRowLabel(data, 0, gutter - GUTTER_PAD), alignedRowLabel(data, 1, gutter - GUTTER_PAD)];

  // Byte offsets of the characters, and the character of every byte.
  const off = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) off[c + 1] = off[c] + data.charBytes[c];
  const charOfByte = new Int32Array(off[n]);
  for (let c = 0; c < n; c++) charOfByte.fill(c, off[c], off[c + 1]);

  // Where either side starts a token: at a character boundary, or inside a character (which it then splits).
  const boundary = new Uint8Array(n + 1);
  const split = new Uint8Array(n);
  const empties: [Int32Array, Int32Array] = [new Int32Array(n + 1), new Int32Array(n + 1)];
  for (const side of [0, 1] as const) {
    const s = data.sides[side];
    for (let t = 0; t < s.tokens.length; t++) {
      const bs = s.byteStart[t];
      if (s.byteEnd[t] <= bs) {
        empties[side][clamp(s.start[t], 0, n)]++;
        continue;
      }
      if (bs >= off[n]) continue;
      const c = charOfByte[bs];
      if (bs === off[c]) boundary[c] = 1;
      else split[c] = 1;
    }
  }
  const isGap = (b: number) => b > 0 && b < n && (boundary[b] === 1 || split[b - 1] === 1 || split[b] === 1);
  const emptyMax = (b: number) => Math.max(empties[0][b], empties[1][b]);
  const gapWidth = (b: number, lineStart: boolean) => {
    const m = emptyMax(b);
    const base = !lineStart && isGap(b) ? gap : 0;
    return m > 0 ? base + m * (EMPTY_WIDTH + EMPTY_SEP) + gap : base;
  };

  const glyphs = chars.map((ch) => (ch === "\n" ? "↵" : visibleText(ch)));
  const widths = glyphs.map((g, c) => {
    const natural = textCells(g) * adv;
    let w = natural;
    if (split[c]) w = Math.max(w, data.charBytes[c] * SLICE_MIN);
    if (natural === 0 && (split[c] || isGap(c) || isGap(c + 1) || emptyMax(c) > 0)) w = Math.max(w, adv / 2);
    return w;
  });

  const avail = Math.max(adv, o.width - gutter - 2);
  const cells: AlignedCell[] = new Array<AlignedCell>(n);
  const gapX = new Float64Array(n + 1);
  const gapW = new Float64Array(n + 1);
  const gapLine = new Int32Array(n + 1);
  let x = 0;
  let line = 0;
  const placeGap = (b: number) => {
    const w = gapWidth(b, x === 0);
    gapX[b] = gutter + x;
    gapW[b] = w;
    gapLine[b] = line;
    x += w;
  };
  let c = 0;
  while (c < n) {
    // One word: up to and including a space, or a newline.
    let e = c + 1;
    while (e < n && chars[e - 1] !== "\n" && !isBreakingSpace(chars[e - 1])) e++;
    let w = 0;
    for (let k = c; k < e; k++) w += gapWidth(k, k === c && x === 0) + widths[k];
    if (x > 0 && x + w > avail) {
      line++;
      x = 0;
    }
    for (let k = c; k < e; k++) {
      // A word longer than a line breaks between characters.
      if (k > c && x > 0 && x + gapWidth(k, false) + widths[k] > avail) {
        line++;
        x = 0;
      }
      placeGap(k);
      // A split character is drawn once over all its slices, never within a token's run of text.
      const natural = split[k] === 0 && widths[k] === textCells(glyphs[k]) * adv;
      cells[k] = { line, x: gutter + x, w: widths[k], glyph: glyphs[k], natural };
      x += widths[k];
      if (chars[k] === "\n") {
        line++;
        x = 0;
      }
    }
    c = e;
  }
  placeGap(n);
  const lines = n === 0 ? (gapW[n] > 0 ? 1 : 0) : x > 0 || gapW[n] > 0 ? line + 1 : line;

  // A box reaches `pad` into the gap on either side of its characters (so that its text does not touch its
  // outline) and stops 1 unit short of a split point inside a character, so that no two boxes touch.
  const pad = Math.max(1, Math.floor((gap - 2) / 2));
  const boxes: [AlignedBox[], AlignedBox[]] = [[], []];
  for (const side of [0, 1] as const) {
    const s = data.sides[side];
    const seen = new Int32Array(n + 1);
    for (let t = 0; t < s.tokens.length; t++) {
      const bs = s.byteStart[t];
      const be = s.byteEnd[t];
      if (be <= bs || bs >= off[n]) {
        // A token without bytes: a thin box in the gap at its place, the side's empties side by side in the middle.
        const b = clamp(s.start[t], 0, n);
        const m = empties[side][b];
        const j = seen[b]++;
        const total = m * (EMPTY_WIDTH + EMPTY_SEP) - EMPTY_SEP;
        const ex = gapX[b] + (gapW[b] - total) / 2 + j * (EMPTY_WIDTH + EMPTY_SEP);
        boxes[side].push({ side, i: t, line: gapLine[b], x: ex, w: EMPTY_WIDTH, pieces: [], empty: true });
        continue;
      }
      const cs = charOfByte[bs];
      const ce = charOfByte[Math.min(be, off[n]) - 1];
      let box: AlignedBox | null = null;
      const close = (b: AlignedBox, endsInside: boolean) => {
        const last = b.pieces[b.pieces.length - 1];
        const d = endsInside ? -BOX_INSET : pad;
        last.w += d;
        b.w += d;
      };
      for (let k = cs; k <= ce; k++) {
        const cell = cells[k];
        const startsInside = k === cs && bs > off[k];
        let x0 = startsInside ? cell.x + ((bs - off[k]) / data.charBytes[k]) * cell.w : cell.x;
        const x1 = k === ce && be < off[k + 1] ? cell.x + ((be - off[k]) / data.charBytes[k]) * cell.w : cell.x + cell.w;
        if (box && box.line === cell.line) {
          // A gap inside the token (the other model's boundary) is covered by the next character's colour.
          x0 = box.x + box.w;
          box.pieces.push({ c: k, x: x0, w: x1 - x0 });
          box.w = x1 - box.x;
        } else {
          if (box) close(box, false);
          x0 += startsInside ? BOX_INSET : -pad;
          box = { side, i: t, line: cell.line, x: x0, w: x1 - x0, pieces: [{ c: k, x: x0, w: x1 - x0 }], empty: false };
          boxes[side].push(box);
        }
      }
      if (box) close(box, be < off[ce + 1]);
    }
  }

  return {
    cells,
    boxes,
    lines,
    width: o.width,
    height: lines === 0 ? 0 : lines * lineHeight - lineGap,
    gutter,
    rowHeight,
    boxHeight,
    lineHeight,
    baseline,
    gap,
    labels,
  };
}

/** The tokens of a side that own some of character c's bytes (several where the side splits it), in order. */
export function tokensAtChar(data: AlignedData, side: 0 | 1, c: number): number[] {
  const s = data.sides[side];
  let b0 = 0;
  for (let k = 0; k < c; k++) b0 += data.charBytes[k];
  const b1 = b0 + (data.charBytes[c] ?? 0);
  const out: number[] = [];
  // A scan: this runs once per hover or click, not per character.
  for (let t = 0; t < s.tokens.length; t++) if (s.byteStart[t] < b1 && s.byteEnd[t] > b0) out.push(t);
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
