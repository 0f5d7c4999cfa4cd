import { dejavuTextWidth } from "./dejavuMetrics.js";
import { fontKind, isBold } from "./fontKind.js";
import { nodeText, type SvgNode } from "./parseSvg.js";
import { applyMatrix, IDENTITY, multiply, parseTransform, type Matrix } from "./svgTransform.js";

/**
 * Where each piece of text of an SVG lies, in root user units, as the PNG
 * and PDF exports draw it: widths from the DejaVu metrics of the face the
 * font-family and font-weight select, an ascent of 0.8 em above the
 * baseline and a descent of 0.2 em below.  Used to check that a figure has no overlapping or
 * cut-off labels before it is exported.
 */
export interface TextBox {
  /** The text, or "" for a straight line (see lineBoxes). */
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function textBoxes(root: SvgNode): TextBox[] {
  return boxes(root).filter((b) => b.text !== "");
}

/**
 * The <line> elements of an SVG as boxes of their stroke's width, with
 * text "": the step plots' key draws a short line beside each label, and
 * such a line must not cross another label either.
 */
export function lineBoxes(root: SvgNode): TextBox[] {
  return boxes(root).filter((b) => b.text === "");
}

function boxes(root: SvgNode): TextBox[] {
  const out: TextBox[] = [];
  const walk = (n: SvgNode, m: Matrix, size: number, anchor: string, family: string | undefined, weight: string | undefined) => {
    const mm = n.attrs.transform ? multiply(m, parseTransform(n.attrs.transform)) : m;
    const fs = n.attrs["font-size"] ? Number(n.attrs["font-size"]) : size;
    const an = n.attrs["text-anchor"] ?? anchor;
    const fam = n.attrs["font-family"] ?? family;
    const wt = n.attrs["font-weight"] ?? weight;
    if (n.name === "line") {
      const half = Number(n.attrs["stroke-width"] ?? 1) / 2;
      const [ax, ay] = applyMatrix(mm, Number(n.attrs.x1 ?? 0), Number(n.attrs.y1 ?? 0));
      const [bx, by] = applyMatrix(mm, Number(n.attrs.x2 ?? 0), Number(n.attrs.y2 ?? 0));
      out.push({ text: "", x0: Math.min(ax, bx) - half, x1: Math.max(ax, bx) + half, y0: Math.min(ay, by) - half, y1: Math.max(ay, by) + half });
      return;
    }
    if (n.name === "text") {
      const s = nodeText(n);
      if (s === "") return;
      const w = dejavuTextWidth(s, fs, fontKind(fam), isBold(wt));
      const x = Number(n.attrs.x ?? 0);
      const y = Number(n.attrs.y ?? 0);
      const left = an === "middle" ? x - w / 2 : an === "end" ? x - w : x;
      const [ax, ay] = applyMatrix(mm, left, y - 0.8 * fs);
      const [bx, by] = applyMatrix(mm, left + w, y + 0.2 * fs);
      out.push({ text: s, x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: Math.min(ay, by), y1: Math.max(ay, by) });
      return;
    }
    for (const c of n.children) if (typeof c !== "string") walk(c, mm, fs, an, fam, wt);
  };
  walk(root, IDENTITY, 16, "start", undefined, undefined);
  return out;
}

/** Two labels on the same line closer than this read as one; they count as colliding. */
export const MIN_TEXT_GAP = 3;

/**
 * Texts that overlap each other or a line by more than `tolerance` units
 * both ways (two texts also when they are under MIN_TEXT_GAP apart), or that stick out of [0, width] horizontally by more than
 * `tolerance`, or beyond a `margin` that the figure's frame leaves
 * around it.  Lines may cross each other.
 */
export function textCollisions(boxes: readonly TextBox[], width: number, tolerance = 0.5, margin = 0): string[] {
  const problems: string[] = [];
  for (const b of boxes) {
    if (b.text === "") continue;
    if (b.x0 < -margin - tolerance || b.x1 > width + margin + tolerance) problems.push(`"${b.text}" runs past the edge`);
  }
  const sorted = [...boxes].sort((a, b) => a.x0 - b.x0);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].x0 < a.x1 + MIN_TEXT_GAP; j++) {
      const b = sorted[j];
      if (a.text === "" && b.text === "") continue;
      const gap = a.text !== "" && b.text !== "" ? MIN_TEXT_GAP : 0;
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + gap;
      const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > tolerance && dy > tolerance) problems.push(`"${a.text || "a line"}" overlaps "${b.text || "a line"}"`);
    }
  }
  return problems;
}
