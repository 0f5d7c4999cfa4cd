import { labelWidth, type LabelFont } from "./labelWidth.js";
import type { Marks } from "./marks.js";
import { textWidth } from "./textWidth.js";

/**
 * Where a figure's labels and lines lie, as boxes in its units: a label
 * from its anchor, its width in the label font (or the monospace token
 * font), an ascent of 0.8 em above the baseline and a descent of 0.2 em
 * below; a line as a box of its stroke's width, with text "".  The widths
 * are DejaVu's, the faces the PNG and PDF exports draw with.
 */
export interface TextBox {
  /** The label, or "" for a line. */
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function markBoxes(marks: Marks | undefined, font: LabelFont = "sans"): TextBox[] {
  if (!marks) return [];
  const boxes: TextBox[] = [];
  for (const t of marks.texts) {
    if (t.text === "") continue;
    const w = t.mono ? textWidth(t.text, t.fontSize) : labelWidth(t.text, t.fontSize, t.bold, font);
    const left = t.anchor === "middle" ? t.x - w / 2 : t.anchor === "end" ? t.x - w : t.x;
    boxes.push({ text: t.text, x0: left, x1: left + w, y0: t.y - 0.8 * t.fontSize, y1: t.y + 0.2 * t.fontSize });
  }
  for (const l of marks.lines) {
    const half = l.strokeWidth / 2;
    const [x0, x1] = l.x1 <= l.x2 ? [l.x1, l.x2] : [l.x2, l.x1];
    const [y0, y1] = l.y1 <= l.y2 ? [l.y1, l.y2] : [l.y2, l.y1];
    boxes.push({ text: "", x0: x0 - half, x1: x1 + half, y0: y0 - half, y1: y1 + half });
  }
  return boxes;
}
