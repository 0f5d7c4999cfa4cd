import { markedText, type Marks } from "./marks.js";

/** The footnote of a histogram that leaves values out: "3 tokens without a value are not shown", at (x, y). */
export function skippedNote(marks: Marks, what: string, x: number, y: number): string {
  return markedText(marks, { x, y, "font-size": 10, fill: "currentColor", "fill-opacity": 0.7 }, `${what} without a value are not shown`);
}
