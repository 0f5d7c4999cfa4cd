import { el, num, text, xmlChars, type Attrs } from "./svg.js";

/**
 * The labels and lines of a figure, in its own units, recorded by the
 * render functions as they write them.  They are the figure's layout: figure
 * export checks a paper figure for labels that overlap or run past the edge
 * (and fits it to the paper's width) from them, so it never reads the SVG
 * back.  Labels are kept as anchor, size and weight rather than as boxes
 * because their width depends on the label font, which export chooses
 * (markBoxes measures them).
 */
export interface TextMark {
  /** The text as the SVG holds it (characters XML forbids already replaced). */
  text: string;
  /** The anchor point: x as `anchor` says, y on the baseline. */
  x: number;
  y: number;
  fontSize: number;
  anchor: "start" | "middle" | "end";
  bold: boolean;
  /** Set in the monospace token font rather than the figure's label font. */
  mono: boolean;
}

/** A straight line; its stroke must not cross a label (the step plots' key draws one beside each label). */
export interface LineMark {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  strokeWidth: number;
}

export interface Marks {
  texts: TextMark[];
  lines: LineMark[];
}

/** Font attributes a text takes from its group when it does not set them (the token strip sets them on its group). */
export interface InheritedFont {
  fontSize?: number;
  mono?: boolean;
}

export function emptyMarks(): Marks {
  return { texts: [], lines: [] };
}

/**
 * A number as the SVG writes it (2 decimals), so that a mark lies exactly
 * where a reader of the SVG would find it.
 */
function written(v: Attrs[string], fallback: number): number {
  if (v === undefined || v === null || v === false) return fallback;
  return typeof v === "number" ? Number(num(v)) : Number(v);
}

/** A <text> element, recorded in `marks`. */
export function markedText(marks: Marks, a: Attrs, content: string, inherited: InheritedFont = {}): string {
  const weight = a["font-weight"];
  const family = a["font-family"];
  const anchor = a["text-anchor"];
  marks.texts.push({
    text: xmlChars(content),
    x: written(a.x, 0),
    y: written(a.y, 0),
    fontSize: written(a["font-size"], inherited.fontSize ?? 16),
    anchor: anchor === "middle" || anchor === "end" ? anchor : "start",
    bold: weight === "bold" || weight === "bolder" || (weight !== undefined && weight !== null && Number(weight) >= 600),
    mono: typeof family === "string" ? /mono/i.test(family) : (inherited.mono ?? false),
  });
  return text(a, content);
}

/** A <line> element, recorded in `marks`. */
export function markedLine(marks: Marks, a: Attrs): string {
  marks.lines.push({
    x1: written(a.x1, 0),
    y1: written(a.y1, 0),
    x2: written(a.x2, 0),
    y2: written(a.y2, 0),
    strokeWidth: written(a["stroke-width"], 1),
  });
  return el("line", a);
}

/**
 * Marks as they lie after `translate(dx, dy) scale(k)`: how a figure's
 * marks join a composite (stackFigures) or a fitted paper figure.  Offsets
 * are rounded as the SVG's translate writes them.
 */
export function placeMarks(m: Marks | undefined, dx: number, dy: number, k = 1): Marks {
  if (!m) return emptyMarks();
  const x = Number(num(dx));
  const y = Number(num(dy));
  return {
    texts: m.texts.map((t) => ({ ...t, x: x + k * t.x, y: y + k * t.y, fontSize: k * t.fontSize })),
    lines: m.lines.map((l) => ({ x1: x + k * l.x1, y1: y + k * l.y1, x2: x + k * l.x2, y2: y + k * l.y2, strokeWidth: k * l.strokeWidth })),
  };
}

/** All marks of several figures, each already placed. */
export function joinMarks(parts: readonly Marks[]): Marks {
  return { texts: parts.flatMap((m) => m.texts), lines: parts.flatMap((m) => m.lines) };
}
