import { LmdiffError } from "../core/LmdiffError.js";
import { dejavuFace, fontKind, isBold } from "./fontKind.js";
import type { DejaVuFace } from "./dejavuFaces.js";
import { nodeText, type SvgNode } from "./parseSvg.js";
import { parseTransform } from "./svgTransform.js";

/**
 * Draw a parsed SVG onto a pdfkit document: a translator for exactly the
 * SVG that lmdiff's render core and figure frame write — <g> with
 * transform, <rect> (with rx), <line>, <path>, <polyline>, <polygon>,
 * <circle> and <text> — with inherited fill, stroke, their opacities,
 * stroke width and dash array, currentColor from `color`, and the font
 * attributes.  Anything else is refused with an error rather than drawn
 * wrongly.  (svg-to-pdfkit would cover more of SVG, but is not a
 * dependency; this subset is all lmdiff needs, and is tested element by
 * element.)
 *
 * Text is written as real PDF text in the embedded DejaVu fonts, so it
 * stays selectable and searchable.  A character the chosen face lacks is
 * taken from the first DejaVu face that has it (DejaVu Sans has the
 * emoticons that DejaVu Sans Mono lacks), as resvg does for the PNG.
 */

/** The part of pdfkit's document this translator uses (so tests can record the calls). */
export type PdfDoc = PDFKit.PDFDocument;

interface Style {
  fill: string;
  stroke: string;
  fillOpacity: number;
  strokeOpacity: number;
  strokeWidth: number;
  dash: string;
  color: string;
  fontFamily: string;
  fontSize: number;
  fontWeight: string;
  fontStyle: string;
  anchor: string;
  preserve: boolean;
}

const INITIAL: Style = {
  fill: "#000000",
  stroke: "none",
  fillOpacity: 1,
  strokeOpacity: 1,
  strokeWidth: 1,
  dash: "none",
  color: "#000000",
  fontFamily: "sans-serif",
  fontSize: 16,
  fontWeight: "normal",
  fontStyle: "normal",
  anchor: "start",
  preserve: false,
};

const NAMED: Record<string, [number, number, number]> = { black: [0, 0, 0], white: [255, 255, 255] };

/** An SVG paint as [r, g, b, alpha], or null for none. */
export function svgPaint(value: string, currentColor: string): [number, number, number, number] | null {
  const v = value.trim().toLowerCase();
  if (v === "none" || v === "transparent") return null;
  if (v === "currentcolor") return svgPaint(currentColor, "#000000");
  if (NAMED[v]) return [...NAMED[v], 1];
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (m) {
    const h = m[1].length === 3 ? m[1].replace(/./g, (x) => x + x) : m[1];
    const n = parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(v);
  if (m) return [Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3]), m[4] === undefined ? 1 : +m[4]];
  throw new LmdiffError(`unsupported SVG colour "${value}" (expected #rgb, #rrggbb, rgb(), none or currentColor)`, "bad-svg");
}

function inherit(s: Style, a: Record<string, string>): Style {
  const n = { ...s };
  if (a.fill !== undefined) n.fill = a.fill;
  if (a.stroke !== undefined) n.stroke = a.stroke;
  if (a["fill-opacity"] !== undefined) n.fillOpacity = Number(a["fill-opacity"]);
  if (a["stroke-opacity"] !== undefined) n.strokeOpacity = Number(a["stroke-opacity"]);
  if (a["stroke-width"] !== undefined) n.strokeWidth = Number(a["stroke-width"]);
  if (a["stroke-dasharray"] !== undefined) n.dash = a["stroke-dasharray"];
  if (a.color !== undefined) n.color = a.color;
  if (a["font-family"] !== undefined) n.fontFamily = a["font-family"];
  if (a["font-size"] !== undefined) n.fontSize = Number(a["font-size"]);
  if (a["font-weight"] !== undefined) n.fontWeight = a["font-weight"];
  if (a["font-style"] !== undefined) n.fontStyle = a["font-style"];
  if (a["text-anchor"] !== undefined) n.anchor = a["text-anchor"];
  if (a["xml:space"] !== undefined) n.preserve = a["xml:space"] === "preserve";
  return n;
}

const num = (a: Record<string, string>, k: string, fallback = 0) => (a[k] === undefined ? fallback : Number(a[k]));

/** Fill and/or stroke the current path with the style's paints. */
function paint(doc: PdfDoc, s: Style, canFill = true): void {
  const fill = canFill ? svgPaint(s.fill, s.color) : null;
  const stroke = s.strokeWidth > 0 ? svgPaint(s.stroke, s.color) : null;
  if (fill) doc.fillColor([fill[0], fill[1], fill[2]], fill[3] * s.fillOpacity);
  if (stroke) {
    doc.strokeColor([stroke[0], stroke[1], stroke[2]], stroke[3] * s.strokeOpacity);
    doc.lineWidth(s.strokeWidth);
    const dash =
      s.dash === "none"
        ? []
        : s.dash
            .split(/[\s,]+/)
            .filter((x) => x !== "")
            .map(Number);
    if (dash.length === 2 && dash.every((x) => x > 0)) doc.dash(dash[0], { space: dash[1] });
    // pdfkit takes a whole dash array too, though its types only say a number.
    else if (dash.length > 0 && dash.every((x) => x > 0)) doc.dash((dash.length % 2 ? [...dash, ...dash] : dash) as unknown as number, {});
    else doc.undash();
  }
  if (fill && stroke) doc.fillAndStroke();
  else if (fill) doc.fill();
  else if (stroke) doc.stroke();
}

function points(a: Record<string, string>): number[] {
  return (a.points ?? "")
    .trim()
    .split(/[\s,]+/)
    .filter((x) => x !== "")
    .map(Number);
}

/** Split text into runs of one face each: the wanted face, or the first DejaVu face that has the character. */
export function fontRuns(text: string, wanted: DejaVuFace, has: (face: DejaVuFace, cp: number) => boolean): [DejaVuFace, string][] {
  const fallbacks: DejaVuFace[] = [wanted, "DejaVuSans", "DejaVuSansMono", "DejaVuSerif"];
  const runs: [DejaVuFace, string][] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Joiners, variation selectors and combining marks stay with the character before them.
    const joins = cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x0300 && cp <= 0x036f);
    const face = joins && runs.length > 0 ? runs[runs.length - 1][0] : (fallbacks.find((f) => has(f, cp)) ?? wanted);
    if (runs.length > 0 && runs[runs.length - 1][0] === face) runs[runs.length - 1][1] += ch;
    else runs.push([face, ch]);
  }
  return runs;
}

export interface DrawContext {
  doc: PdfDoc;
  /** Select a face on the document (registering it on first use). */
  useFace(face: DejaVuFace): void;
  /** Whether a face has a glyph for a code point (passed on as a plain function, so a property). */
  hasGlyph: (face: DejaVuFace, cp: number) => boolean;
}

function drawText(ctx: DrawContext, n: SvgNode, s: Style): void {
  let str = nodeText(n);
  if (!s.preserve) str = str.replace(/\s+/g, " ").trim();
  if (str === "") return;
  const fill = svgPaint(s.fill, s.color);
  if (!fill) return;
  const { doc } = ctx;
  const face = dejavuFace(fontKind(s.fontFamily), isBold(s.fontWeight), s.fontStyle === "italic" || s.fontStyle === "oblique");
  const runs = fontRuns(str, face, ctx.hasGlyph);
  const widths = runs.map(([f, t]) => {
    ctx.useFace(f);
    return doc.fontSize(s.fontSize).widthOfString(t);
  });
  const total = widths.reduce((a, b) => a + b, 0);
  let x = num(n.attrs, "x") - (s.anchor === "middle" ? total / 2 : s.anchor === "end" ? total : 0);
  const y = num(n.attrs, "y");
  doc.fillColor([fill[0], fill[1], fill[2]], fill[3] * s.fillOpacity);
  runs.forEach(([f, t], i) => {
    ctx.useFace(f);
    doc.fontSize(s.fontSize).text(t, x, y, { lineBreak: false, baseline: "alphabetic" } as PDFKit.Mixins.TextOptions);
    x += widths[i];
  });
}

const IGNORED = new Set(["title", "desc", "metadata", "defs"]);

/** Draw `n` and its children with the inherited style. */
export function drawSvgNode(ctx: DrawContext, n: SvgNode, parent: Style = INITIAL): void {
  const { doc } = ctx;
  const s = inherit(parent, n.attrs);
  const a = n.attrs;
  const transformed = a.transform !== undefined && n.name !== "svg";
  if (transformed) {
    doc.save();
    const m = parseTransform(a.transform);
    doc.transform(m[0], m[1], m[2], m[3], m[4], m[5]);
  }
  switch (n.name) {
    case "svg":
    case "g":
      for (const c of n.children) if (typeof c !== "string") drawSvgNode(ctx, c, s);
      break;
    case "rect": {
      const w = num(a, "width");
      const h = num(a, "height");
      if (w > 0 && h > 0) {
        const rx = Math.min(num(a, "rx", num(a, "ry")), w / 2, h / 2);
        if (rx > 0) doc.roundedRect(num(a, "x"), num(a, "y"), w, h, rx);
        else doc.rect(num(a, "x"), num(a, "y"), w, h);
        paint(doc, s);
      }
      break;
    }
    case "line":
      doc.moveTo(num(a, "x1"), num(a, "y1")).lineTo(num(a, "x2"), num(a, "y2"));
      paint(doc, s, false);
      break;
    case "path":
      if (a.d && a.d.trim() !== "") {
        doc.path(a.d);
        paint(doc, s);
      }
      break;
    case "polyline":
    case "polygon": {
      const p = points(a);
      if (p.length >= 4) {
        doc.moveTo(p[0], p[1]);
        for (let i = 2; i + 1 < p.length; i += 2) doc.lineTo(p[i], p[i + 1]);
        if (n.name === "polygon") doc.closePath();
        paint(doc, s);
      }
      break;
    }
    case "circle":
      if (num(a, "r") > 0) {
        doc.circle(num(a, "cx"), num(a, "cy"), num(a, "r"));
        paint(doc, s);
      }
      break;
    case "text":
      drawText(ctx, n, s);
      break;
    default:
      if (!IGNORED.has(n.name)) throw new LmdiffError(`unsupported SVG element <${n.name}> for PDF export`, "bad-svg");
  }
  if (transformed) doc.restore();
}
