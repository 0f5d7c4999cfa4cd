import { joinMarks, placeMarks } from "./marks.js";
import { translate, type Figure } from "./svg.js";

/** The gap between stacked pieces of a figure (legend, strip, plots), in its units. */
export const STACK_GAP = 14;

/**
 * Figures stacked top to bottom at one width, `gap` apart, with their
 * marks moved along: the one stacking of the render core's composite,
 * the paper figures (legend, view, title and caption) and the notebook
 * pictures.
 */
export function stackFigures(figures: readonly Figure[], width: number, gap = STACK_GAP): Figure {
  let y = 0;
  const body: string[] = [];
  const marks = [];
  for (const f of figures) {
    body.push(translate(f, 0, y));
    marks.push(placeMarks(f.marks, 0, y));
    y += f.height + gap;
  }
  return { width, height: Math.max(0, y - gap), body: body.join(""), marks: joinMarks(marks) };
}
