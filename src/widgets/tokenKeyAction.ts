import type { TokenLayout } from "../render/tokenLayout.js";

/** What a key pressed in the token strip does: move the focus to a token, pin or unpin the focused one, or leave the strip. */
export type TokenKeyAction = { kind: "move"; index: number } | { kind: "pin"; index: number } | { kind: "leave" };

/**
 * The strip's keyboard navigation: arrow keys walk the tokens (left and
 * right in text order, up and down to the nearest token on the line above
 * or below), Home and End go to the first and last token, Enter or Space
 * pins the focused token's card and Escape leaves the strip.  `focused` is
 * the hovered or focused token (null for none); null is returned for keys
 * that do nothing.
 */
export function tokenKeyAction(key: string, focused: number | null, layout: TokenLayout, n: number): TokenKeyAction | null {
  const cur = focused ?? -1;
  const move = (index: number): TokenKeyAction => ({ kind: "move", index });
  switch (key) {
    case "ArrowRight":
      return move(Math.min(n - 1, cur + 1));
    case "ArrowLeft":
      return move(Math.max(0, cur < 0 ? 0 : cur - 1));
    case "Home":
      return move(0);
    case "End":
      return move(n - 1);
    case "ArrowDown":
    case "ArrowUp":
      return move(verticalNeighbour(layout, Math.max(0, cur), key === "ArrowDown" ? 1 : -1));
    case "Enter":
    case " ":
      return cur >= 0 ? { kind: "pin", index: cur } : null;
    case "Escape":
      return { kind: "leave" };
    default:
      return null;
  }
}

/** The token on the next line (dir 1) or the previous one (−1) whose centre is nearest token i's; i itself when there is no such line. */
export function verticalNeighbour(layout: TokenLayout, i: number, dir: 1 | -1): number {
  const own = layout.boxes.find((b) => b.i === i);
  if (!own) return i;
  const y = own.y + dir * layout.lineHeight;
  let best = i;
  let bestDx = Infinity;
  for (const b of layout.boxes) {
    if (b.y !== y) continue;
    const dx = Math.abs(b.x + b.w / 2 - (own.x + own.w / 2));
    if (dx < bestDx) {
      bestDx = dx;
      best = b.i;
    }
  }
  return best;
}
