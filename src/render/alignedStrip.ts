import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { alignedLayout, alignedRowTop, LABEL_SIZE, tokensAtChar, type AlignedBox, type AlignedLayout } from "./alignedLayout.js";
import { alignedRenderOptions } from "./alignedOptions.js";
import { colorScale, NAN_COLOR, textColorOn, type ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { emptyMarks, markedText, type Marks } from "./marks.js";
import { palette } from "./palette.js";
import type { RenderOptions, RenderOptionsInput } from "./renderOptions.js";
import { el, num, svgRoot, text, xmlChars, type Figure } from "./svg.js";
import { textCells, CHAR_ADVANCE_EM } from "./textWidth.js";
import { MONO_FONT } from "./tokenStrip.js";

/**
 * The aligned strip: the text wrapped into lines of characters, and on
 * every line two rows of tokens over the same characters, model 1's
 * segmentation above and model 2's below (see alignedLayout).  Each token
 * is an outlined box over the characters it owns; inside it every
 * character's background has the colour of its per-character value
 * (`values`, one per character, through the central colour scale), so the
 * colours of the two rows agree column by column and the boxes show where
 * each model cut the text.
 *
 * For hit-testing, each token's shapes sit in a <g class="tok"
 * data-side="0|1" data-i="token index">, and each character's background
 * is a <rect class="ch" data-c="character index">, so that a widget finds
 * the token and the character under the pointer with closest() and
 * highlights them with a CSS rule, without re-rendering.  A token without
 * bytes is a thin grey box (class "tok empty"); a token that owns only part
 * of a character's bytes (class "tok partial" when it shows no text of its
 * own) has its share of the character's cell.  `o.highlight`, a character
 * index, outlines the tokens of both models that cover that character.
 */
export function alignedStripFigure(
  data: AlignedData,
  values: ArrayLike<number>,
  scale: ColorScale,
  o: RenderOptions,
  layout: AlignedLayout = alignedLayout(data, o),
): Figure {
  const marks = emptyMarks();
  if (data.chars.length === 0 && layout.lines === 0) {
    const body = markedText(marks, { x: 0, y: 14, "font-size": 12, fill: "currentColor" }, "(empty text)");
    return { width: o.width, height: 20, body, marks };
  }
  const L = layout;
  const pal = palette(o.palette, o.grayscale);
  const labels: string[] = [];
  for (let line = 0; line < L.lines; line++)
    for (const side of [0, 1] as const) {
      const top = alignedRowTop(L, line, side);
      labels.push(
        el("rect", { x: L.gutter - 8, y: top + 1, width: 3, height: L.boxHeight, fill: side === 0 ? pal.model1 : pal.model2 }),
        markedText(
          marks,
          { x: 0, y: top + 1 + Math.round(L.boxHeight / 2) + 3.5, "font-size": LABEL_SIZE, fill: "currentColor", "fill-opacity": 0.8 },
          L.labels[side],
        ),
      );
    }
  const textColor = new Map<string, string>();
  const fg = (fill: string) => {
    let c = textColor.get(fill);
    if (c === undefined) textColor.set(fill, (c = textColorOn(fill)));
    return c;
  };
  const fills = Array.from({ length: data.chars.length }, (_, c) => scale.color(values[c]));
  const rows: string[] = [];
  for (const side of [0, 1] as const) {
    const boxes = L.boxes[side];
    let k = 0;
    while (k < boxes.length) {
      const i = boxes[k].i;
      let inner = "";
      let empty = false;
      for (; k < boxes.length && boxes[k].i === i; k++) {
        const b = boxes[k];
        empty = b.empty;
        inner += boxShapes(b, L, fills, scale, values, o.fontSize, marks, fg);
      }
      const s = data.sides[side];
      const cls = empty ? "tok empty" : s.partial[i] ? "tok partial" : "tok";
      rows.push(el("g", { class: cls, "data-side": side, "data-i": i, "aria-label": tokenLabel(data, side, i) }, inner));
    }
  }
  // Characters whose cell is wider than their glyph (split over tokens) are drawn once, centred, over all their slices.
  const glyphs: string[] = [];
  for (let c = 0; c < L.cells.length; c++) {
    const cell = L.cells[c];
    if (cell.natural || textCells(cell.glyph) === 0) continue;
    const gw = textCells(cell.glyph) * CHAR_ADVANCE_EM * o.fontSize;
    for (const side of [0, 1] as const)
      glyphs.push(
        markedText(
          marks,
          { x: cell.x + (cell.w - gw) / 2, y: alignedRowTop(L, cell.line, side) + L.baseline, fill: fg(fills[c]) },
          cell.glyph,
          { fontSize: o.fontSize, mono: true },
        ),
      );
  }
  if (glyphs.length) rows.push(el("g", { class: "glyphs" }, glyphs));
  if (o.highlight !== null && o.highlight < data.chars.length) rows.push(highlightShapes(data, L, o.highlight));
  const body = el("g", { class: "lmdiff-aligned-strip" }, [
    el("g", { class: "labels" }, labels),
    el("g", { class: "rows", "font-family": MONO_FONT, "font-size": o.fontSize, "xml:space": "preserve" }, rows),
  ]);
  return { width: o.width, height: L.height, body, marks };
}

/**
 * One box of a token: a background per character it covers, its text, and
 * its outline.  The text is written in runs of characters that share a box,
 * have their natural advance and need the same text colour; the marks
 * record one label per run of the box's natural characters, which is the
 * extent figure export checks for collisions.
 */
function boxShapes(
  b: AlignedBox,
  L: AlignedLayout,
  fills: readonly string[],
  scale: ColorScale,
  values: ArrayLike<number>,
  fontSize: number,
  marks: Marks,
  fg: (fill: string) => string,
): string {
  const top = alignedRowTop(L, b.line, b.side) + 1;
  if (b.empty)
    return el("rect", {
      class: "box",
      x: b.x,
      y: top,
      width: b.w,
      height: L.boxHeight,
      rx: 1,
      fill: NAN_COLOR,
      stroke: "currentColor",
      "stroke-opacity": 0.55,
      "stroke-dasharray": "2 1",
    });
  let s = "";
  for (const p of b.pieces)
    s += el("rect", { class: "ch", "data-c": p.c, x: p.x, y: top, width: Math.max(0.5, p.w), height: L.boxHeight, fill: fills[p.c] });
  // Text runs: consecutive natural characters without a gap between them.
  const y = top - 1 + L.baseline;
  let run = "";
  let runX = 0;
  let runEnd = 0;
  let sub = "";
  let subX = 0;
  let subColor = "";
  const flushSub = () => {
    if (sub !== "") s += text({ x: subX, y, fill: subColor }, sub);
    sub = "";
  };
  const flushRun = () => {
    flushSub();
    if (run !== "") marks.texts.push({ text: xmlChars(run), x: Number(num(runX)), y, fontSize, anchor: "start", bold: false, mono: true });
    run = "";
  };
  for (const p of b.pieces) {
    const cell = L.cells[p.c];
    if (!cell.natural) {
      flushRun();
      continue;
    }
    if (run !== "" && Math.abs(cell.x - runEnd) > 0.01) flushRun();
    if (run === "") runX = cell.x;
    const color = fg(fills[p.c]);
    if (sub !== "" && color !== subColor) flushSub();
    if (sub === "") {
      subX = cell.x;
      subColor = color;
    }
    sub += cell.glyph;
    run += cell.glyph;
    runEnd = cell.x + cell.w;
  }
  flushRun();
  // The grayscale stand-in for hue: model 2's side of a diverging scale is dashed (as in the token strip).
  const dashed = b.pieces.some((p) => scale.dashed(values[p.c]));
  s += el("rect", {
    class: "box",
    x: b.x,
    y: top,
    width: b.w,
    height: L.boxHeight,
    rx: 2,
    fill: "none",
    stroke: "currentColor",
    "stroke-opacity": dashed ? 0.9 : 0.55,
    "stroke-dasharray": dashed ? "3 2" : null,
  });
  return s;
}

/** What a screen reader hears for a token: its model, place, text and bits. */
function tokenLabel(data: AlignedData, side: 0 | 1, i: number): string {
  const s = data.sides[side];
  const bits = -s.scores.logprob[i] / Math.LN2;
  const what = s.partial[i] ? "(continuation of a character)" : JSON.stringify(s.tokens[i]);
  return `model ${side + 1} token ${i + 1}: ${what}, ${formatValue(bits)} ${s.scoring === "masked" ? "pseudo-bits (PLL)" : "bits"}`;
}

/** Outlines around the tokens of both models that cover character c, and around the character's column. */
function highlightShapes(data: AlignedData, L: AlignedLayout, c: number): string {
  const parts: string[] = [];
  for (const side of [0, 1] as const) {
    const toks = new Set(tokensAtChar(data, side, c));
    for (const b of L.boxes[side])
      if (toks.has(b.i))
        parts.push(
          el("rect", {
            x: b.x - 1,
            y: alignedRowTop(L, b.line, side),
            width: b.w + 2,
            height: L.boxHeight + 2,
            rx: 3,
            fill: "none",
            stroke: "currentColor",
            "stroke-width": 2,
          }),
        );
  }
  const cell = L.cells[c];
  parts.push(
    el("rect", {
      class: "char-highlight",
      x: cell.x - 0.5,
      y: alignedRowTop(L, cell.line, 0) - 1,
      width: cell.w + 1,
      height: L.rowHeight + L.boxHeight + 4,
      fill: "none",
      stroke: "currentColor",
      "stroke-width": 1,
      "stroke-dasharray": "2 2",
    }),
  );
  return el("g", { class: "tok-highlight", "data-c": c }, parts);
}

/** Standalone SVG of the aligned strip (measure default bits_diff). */
export function alignedStrip(data: AlignedData, options: RenderOptionsInput = {}): string {
  const o = alignedRenderOptions(data, options);
  const values = alignedMeasure(data, o.measure);
  const scale = colorScale(o.measure, values, o);
  return svgRoot(alignedStripFigure(data, values, scale, o));
}
