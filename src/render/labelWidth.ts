import { dejavuWidth } from "./dejavuWidths.js";

/**
 * The proportional fonts labels are measured in: DejaVu Sans, or DejaVu
 * Serif for a paper figure set in serif.
 */
export type LabelFont = "sans" | "serif";

/**
 * Width of a label in the render core's proportional font, measured with
 * DejaVu's advances.  The views name system-ui, whose width a pure
 * renderer cannot know; DejaVu Sans is what paper figures are drawn in and
 * one of the wider sans faces, so labels placed by it do not collide on
 * screen, and it is far closer than a fixed 0.6 em per character (which
 * leaves a visible hole after a lower-case label).  A paper figure in
 * serif measures with DejaVu Serif, the face its PNG and PDF draw.
 */
export function labelWidth(s: string, fontSize: number, bold = false, font: LabelFont = "sans"): number {
  return dejavuWidth(s, fontSize, font === "serif" ? (bold ? "serifBold" : "serif") : bold ? "sansBold" : "sans");
}
