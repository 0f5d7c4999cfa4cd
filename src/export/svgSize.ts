import { LmdiffError } from "../core/LmdiffError.js";

/**
 * The size of an SVG document: its viewBox (user units) and its physical
 * size in points from the root's width and height.  Units follow CSS: a
 * bare number or "px" is 1/96 in, "pt" 1/72 in.  A figure from figureSVG
 * has width="455pt" and viewBox "0 0 455 …", so one user unit is one point;
 * the render core's own SVGs have bare widths, so one unit is one CSS pixel.
 */
export interface SvgSize {
  /** viewBox origin and size, in user units. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Physical size in points. */
  widthPt: number;
  heightPt: number;
}

const PT_PER_UNIT: Record<string, number> = { "": 0.75, px: 0.75, pt: 1, in: 72, cm: 72 / 2.54, mm: 72 / 25.4, pc: 12 };

function length(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*(px|pt|in|cm|mm|pc)?\s*$/i.exec(v);
  if (!m) throw new LmdiffError(`the SVG's ${name} "${v}" is not a length in px, pt, in, cm or mm`, "bad-svg");
  return Number(m[1]) * PT_PER_UNIT[(m[2] ?? "").toLowerCase()];
}

/**
 * SVG whose size its maker already knows: figureLayout's result, sized in
 * points with one user unit per point and the viewBox at the origin.
 */
export interface SizedSvg {
  svg: string;
  width: number;
  height: number;
}

/**
 * The size of an SVG: from its maker's layout when given one (a paper
 * figure), else read from the root element that starts `svg` (any other SVG
 * text, such as the render core's charts in pixels).
 */
export function svgSize(svg: string | SizedSvg): SvgSize {
  if (typeof svg !== "string") return { x: 0, y: 0, width: svg.width, height: svg.height, widthPt: svg.width, heightPt: svg.height };
  const root = /<svg\b[^>]*>/.exec(svg);
  if (!root) throw new LmdiffError("not an SVG document (no <svg> element)", "bad-svg");
  const attr = (n: string) => new RegExp(`\\s${n}="([^"]*)"`).exec(root[0])?.[1];
  const vb = attr("viewBox")
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const wPt = length("width", attr("width"));
  const hPt = length("height", attr("height"));
  if (vb && vb.length === 4 && vb.every(Number.isFinite) && vb[2] > 0 && vb[3] > 0) {
    const [x, y, width, height] = vb;
    return { x, y, width, height, widthPt: wPt ?? width * 0.75, heightPt: hPt ?? (wPt !== null ? (wPt * height) / width : height * 0.75) };
  }
  if (wPt === null || hPt === null || !(wPt > 0 && hPt > 0))
    throw new LmdiffError("the SVG has neither a viewBox nor a width and height", "bad-svg");
  // Without a viewBox, user units are CSS pixels whatever unit the size is given in.
  return { x: 0, y: 0, width: wPt / 0.75, height: hPt / 0.75, widthPt: wPt, heightPt: hPt };
}
