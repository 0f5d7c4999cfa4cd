import { dejavuWidth } from "./dejavuWidths.js";

/**
 * Width of a label in the render core's proportional font, measured with
 * DejaVu Sans's advances.  The views name system-ui, whose width a pure
 * renderer cannot know; DejaVu Sans is what paper figures are drawn in and
 * one of the wider sans faces, so labels placed by it do not collide on
 * screen, and it is far closer than a fixed 0.6 em per character (which
 * leaves a visible hole after a lower-case label).
 */
export function labelWidth(s: string, fontSize: number, bold = false): number {
  return dejavuWidth(s, fontSize, bold ? "sansBold" : "sans");
}
