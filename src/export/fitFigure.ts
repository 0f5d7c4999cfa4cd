import type { LabelFont } from "../render/labelWidth.js";
import { markBoxes } from "../render/markBoxes.js";
import { placeMarks } from "../render/marks.js";
import { el, type Figure } from "../render/svg.js";
import { textCollisions } from "./textCollisions.js";

/**
 * Fit a render-core figure into `width` without overlapping labels.
 *
 * The render core lays its labels out for a screen view of about 800
 * pixels; in a narrower figure some of them meet (the step plots' key runs
 * into the panel title, a caption runs off the edge).  Rather than change
 * the live views, a paper figure is drawn at the narrowest layout width, in
 * steps of 8 %, from `width` up, at which no label overlaps another label
 * or a line and none is cut off, and then scaled down as a whole to
 * `width` — as if the live view were zoomed out.  Labels and lines are
 * those the render core recorded as it drew (the figure's marks), measured
 * in `font`, the label font of the paper figure.
 *
 * It is not scaled below MIN_SCALE, where the render core's smallest
 * labels (10 units) would print under 6 pt.  A figure that cannot fit then
 * comes back with its collisions and the narrowest width that would do, so
 * the caller can say so instead of exporting an unreadable figure.
 *
 * A label may reach `margin` units past either side, into the frame's
 * padding (the step plots centre their last tick label on the last token,
 * near the right edge).  `draw(layoutWidth, scale)` draws the figure at a
 * layout width; `scale` (≤ 1) is the factor it will be shrunk by, so that
 * text meant to print at a given size can be drawn 1/scale larger.
 */
export interface FittedFigure extends Figure {
  /** The factor the layout was shrunk by (1: drawn at `width`). */
  scale: number;
  /** Label collisions at `width` when no layout fits; empty when it fits. */
  collisions: string[];
  /** When it does not fit: the narrowest width at which it would, or null if none up to 4 × width. */
  minWidth: number | null;
}

export const MIN_SCALE = 0.6;

export function fitFigure(draw: (layoutWidth: number, scale: number) => Figure, width: number, font: LabelFont, margin = 0): FittedFigure {
  let first: string[] | null = null;
  for (let layout = width; layout <= width * 4; layout = Math.ceil(layout * 1.08)) {
    const scale = width / layout;
    const f = draw(layout, scale);
    const problems = textCollisions(markBoxes(f.marks, font), f.width, 0.5, margin / scale);
    first ??= problems;
    if (problems.length > 0) continue;
    if (scale < MIN_SCALE) return { ...draw(width, 1), scale: 1, collisions: first, minWidth: Math.ceil(layout * MIN_SCALE) };
    if (layout === width) return { ...f, scale: 1, collisions: [], minWidth: null };
    // Four decimals: svg.ts's 2-decimal rounding would make the figure up to 0.5 % too wide.
    const s = Math.round(scale * 1e4) / 1e4;
    return {
      width,
      height: f.height * s,
      body: el("g", { class: "lmdiff-fit", transform: `scale(${s})` }, f.body),
      marks: placeMarks(f.marks, 0, 0, s),
      scale: s,
      collisions: [],
      minWidth: null,
    };
  }
  return { ...draw(width, 1), scale: 1, collisions: first ?? [], minWidth: null };
}
