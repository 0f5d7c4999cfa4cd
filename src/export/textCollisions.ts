import type { TextBox } from "../render/markBoxes.js";

/** Two labels on the same line closer than this read as one; they count as colliding. */
export const MIN_TEXT_GAP = 3;

/**
 * Labels that overlap each other or a line by more than `tolerance` units
 * both ways (two labels also when they are under MIN_TEXT_GAP apart), or
 * that stick out of [0, width] horizontally by more than `tolerance`, or
 * beyond a `margin` that the figure's frame leaves around it.  Lines may
 * cross each other.  The boxes come from the figure's marks (markBoxes),
 * so a figure is checked from render's layout, not from its SVG.
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
