import { el, escapeXml, num, text, translate, type Figure } from "../render/svg.js";
import { wrapLines } from "../render/wrapLines.js";
import { dejavuTextWidth } from "./dejavuMetrics.js";
import { FONT_FAMILY_CSS, type FigureOptions } from "./figureOptions.js";
import type { FontKind } from "./fontKind.js";

/**
 * The frame a paper figure adds around what the render core draws: a white
 * page, an optional title above and caption below, and a root <svg> whose
 * width and height are in points.  The render core's pieces are placed
 * unchanged (as translated groups), so the picture is the live view's.
 *
 * The render core draws in `currentColor` so that the widgets follow a light
 * or dark page; a printed figure is black on white, so the root sets
 * `color` to black.
 */
export const FRAME_PAD = 4;
const GAP = 14;
const TITLE_SIZE = 12;
const CAPTION_SIZE = 10;

/**
 * Break `s` into lines no wider than `width` at `fontSize`, at spaces (a
 * word longer than a line stays whole), measured with the DejaVu metrics
 * of the fonts the PNG and PDF exports draw with.
 */
export function wrapWords(s: string, width: number, fontSize: number, kind: FontKind = "sans", bold = false): string[] {
  return wrapLines(s, width, (line) => dejavuTextWidth(line, fontSize, kind, bold));
}

/** Lines of text as a Figure, one every 1.25 em. */
function textBlock(lines: string[], width: number, fontSize: number, attrs: Record<string, string | number>, cls: string): Figure {
  const lh = Math.round(fontSize * 1.25 * 100) / 100;
  const parts = lines.map((l, j) => text({ x: 0, y: Math.round(fontSize * 0.9 + j * lh), "font-size": fontSize, fill: "currentColor", ...attrs }, l));
  return { width, height: Math.round(fontSize * 0.9 + (lines.length - 1) * lh + fontSize * 0.3), body: el("g", { class: cls }, parts) };
}

/** Stack figures top to bottom with the render core's 14-unit gap. */
export function stackFigures(figures: readonly Figure[], width: number): Figure {
  let y = 0;
  const body: string[] = [];
  for (const f of figures) {
    body.push(translate(f, 0, y));
    y += f.height + GAP;
  }
  return { width, height: Math.max(0, y - GAP), body: body.join("") };
}

/** The standalone SVG of a paper figure: `content` (already stacked) inside the frame. */
export function figureFrame(content: Figure, o: FigureOptions): string {
  const inner = o.width - 2 * FRAME_PAD;
  const stack: Figure[] = [];
  if (o.title) stack.push(textBlock(wrapWords(o.title, inner, TITLE_SIZE, o.fontFamily, true), inner, TITLE_SIZE, { "font-weight": 700 }, "lmdiff-title"));
  stack.push(content);
  if (o.caption) stack.push(textBlock(wrapWords(o.caption, inner, CAPTION_SIZE, o.fontFamily), inner, CAPTION_SIZE, {}, "lmdiff-caption"));
  const body = stackFigures(stack, inner);
  const height = Math.ceil(body.height + 2 * FRAME_PAD);
  const w = num(o.width);
  const h = num(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}pt" height="${h}pt" viewBox="0 0 ${w} ${h}"` +
    ` font-family="${escapeXml(FONT_FAMILY_CSS[o.fontFamily])}" color="#000000">` +
    el("rect", { class: "background", x: 0, y: 0, width: o.width, height, fill: "#ffffff" }) +
    translate(body, FRAME_PAD, FRAME_PAD) +
    `</svg>`
  );
}
