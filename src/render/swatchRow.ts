import { labelWidth } from "./labelWidth.js";
import { markedText, type Marks } from "./marks.js";
import { el } from "./svg.js";

/** One item of a swatchRow: a square of `color` (outlined dashed when `dashed`), then its label. */
export interface Swatch {
  label: string;
  color: string;
  dashed?: boolean;
  /** The class of the label's <text>. */
  cls: string;
}

/**
 * Labelled swatches on baseline `y` from `left`, as under a histogram (the
 * win counts): items flow left to right and wrap to a new line, as words
 * do, when the next would pass `right`.  Returns the parts and the
 * baseline of the last line.
 */
export function swatchRow(marks: Marks, items: readonly Swatch[], left: number, right: number, y: number): { parts: string[]; y: number } {
  const parts: string[] = [];
  let x = left;
  for (const it of items) {
    const w = 14 + labelWidth(it.label, 11);
    if (x > left && x + w > right) {
      x = left;
      y += 16;
    }
    parts.push(
      el("rect", {
        x,
        y: y - 9,
        width: 10,
        height: 10,
        fill: it.color,
        stroke: "currentColor",
        "stroke-opacity": 0.5,
        "stroke-dasharray": it.dashed ? "2 1" : null,
      }),
    );
    parts.push(markedText(marks, { class: it.cls, x: x + 14, y, "font-size": 11, fill: "currentColor" }, it.label));
    x += w + 14;
  }
  return { parts, y };
}
