import { markedLine, markedText, type Marks } from "./marks.js";
import { el } from "./svg.js";

/**
 * A minimal axis: a baseline, ticks and labels, drawn in currentColor so it
 * follows the page's light or dark theme.  Positions arrive in pixels; the
 * caller's scale decides where ticks go.  Its lines and labels are recorded
 * in the figure's `marks`.
 */
export function axisBottom(marks: Marks, ticks: readonly { x: number; label: string }[], y: number, x0: number, x1: number): string {
  const parts = [markedLine(marks, { x1: x0, x2: x1, y1: y, y2: y, stroke: "currentColor", "stroke-opacity": 0.5 })];
  for (const t of ticks) {
    parts.push(markedLine(marks, { x1: t.x, x2: t.x, y1: y, y2: y + 4, stroke: "currentColor", "stroke-opacity": 0.5 }));
    parts.push(markedText(marks, { x: t.x, y: y + 14, "font-size": 10, "text-anchor": "middle", fill: "currentColor" }, t.label));
  }
  return el("g", { class: "axis" }, parts);
}

export function axisLeft(marks: Marks, ticks: readonly { y: number; label: string }[], x: number, y0: number, y1: number): string {
  const parts = [markedLine(marks, { x1: x, x2: x, y1: y0, y2: y1, stroke: "currentColor", "stroke-opacity": 0.5 })];
  for (const t of ticks) {
    parts.push(markedLine(marks, { x1: x - 4, x2: x, y1: t.y, y2: t.y, stroke: "currentColor", "stroke-opacity": 0.5 }));
    parts.push(markedText(marks, { x: x - 6, y: t.y + 3.5, "font-size": 10, "text-anchor": "end", fill: "currentColor" }, t.label));
  }
  return el("g", { class: "axis" }, parts);
}
