import { labelWidth } from "../render/labelWidth.js";
import { markBoxes, type TextBox } from "../render/markBoxes.js";
import { emptyMarks, markedText, placeMarks } from "../render/marks.js";
import { stackFigures } from "../render/stackFigures.js";
import { el, escapeXml, num, translate, type Attrs, type Figure } from "../render/svg.js";
import { wrapLines } from "../render/wrapLines.js";
import { FONT_FAMILY_CSS, type FigureOptions } from "./figureOptions.js";

/**
 * A paper figure as it leaves the layout: its standalone SVG, its size in
 * points (which are also its user units), and where its labels and lines
 * lie, measured in its label font as the PNG and PDF exports draw them.
 * svgToPNG and svgToPDF take it in place of SVG text and then size the
 * page from it rather than from the SVG.
 */
export interface FigureLayout {
  svg: string;
  width: number;
  height: number;
  boxes: TextBox[];
}

/**
 * The frame a paper figure adds around what the render core draws: a white
 * page, an optional title above and caption below, and a root <svg> whose
 * width and height are in points.  The render core's pieces are placed
 * unchanged (as translated groups, stacked by render's stackFigures), so
 * the picture is the live view's.
 *
 * The render core draws in `currentColor` so that the widgets follow a light
 * or dark page; a printed figure is black on white, so the root sets
 * `color` to black.
 */
export const FRAME_PAD = 4;
const TITLE_SIZE = 12;
const CAPTION_SIZE = 10;

/** Lines of text as a Figure, one every 1.25 em, wrapped at spaces to `width` in the figure's label font. */
function textBlock(s: string, width: number, fontSize: number, o: FigureOptions, attrs: Attrs, cls: string): Figure {
  const bold = attrs["font-weight"] !== undefined;
  const lines = wrapLines(s, width, (line) => labelWidth(line, fontSize, bold, o.fontFamily));
  const lh = Math.round(fontSize * 1.25 * 100) / 100;
  const marks = emptyMarks();
  const parts = lines.map((l, j) =>
    markedText(marks, { x: 0, y: Math.round(fontSize * 0.9 + j * lh), "font-size": fontSize, fill: "currentColor", ...attrs }, l),
  );
  const height = Math.round(fontSize * 0.9 + (lines.length - 1) * lh + fontSize * 0.3);
  return { width, height, body: el("g", { class: cls }, parts), marks };
}

/** The paper figure: `content` (already stacked and fitted) inside the frame. */
export function figureFrame(content: Figure, o: FigureOptions): FigureLayout {
  const inner = o.width - 2 * FRAME_PAD;
  const stack: Figure[] = [];
  if (o.title) stack.push(textBlock(o.title, inner, TITLE_SIZE, o, { "font-weight": 700 }, "lmdiff-title"));
  stack.push(content);
  if (o.caption) stack.push(textBlock(o.caption, inner, CAPTION_SIZE, o, {}, "lmdiff-caption"));
  const body = stackFigures(stack, inner);
  const height = Math.ceil(body.height + 2 * FRAME_PAD);
  const w = num(o.width);
  const h = num(height);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}pt" height="${h}pt" viewBox="0 0 ${w} ${h}"` +
    ` font-family="${escapeXml(FONT_FAMILY_CSS[o.fontFamily])}" color="#000000">` +
    el("rect", { class: "background", x: 0, y: 0, width: o.width, height, fill: "#ffffff" }) +
    translate(body, FRAME_PAD, FRAME_PAD) +
    `</svg>`;
  return { svg, width: Number(w), height, boxes: markBoxes(placeMarks(body.marks, FRAME_PAD, FRAME_PAD), o.fontFamily) };
}
