/**
 * Text width without a DOM.  The token strip is set in a monospace font, so
 * a fixed advance per character (0.6 em, the advance of Menlo, Consolas and
 * DejaVu Sans Mono) is close to exact; East Asian wide characters and emoji
 * take two cells, as terminals draw them, and combining marks and
 * variation selectors take none.  Labels in proportional fonts use the same
 * estimate, which errs on the wide side and so never overlaps.
 */
export const CHAR_ADVANCE_EM = 0.6;

/** Display cells of one code point: 0, 1 or 2. */
export function charCells(cp: number): number {
  if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** Width of `s` in cells (a cell is CHAR_ADVANCE_EM em). */
export function textCells(s: string): number {
  let w = 0;
  for (const ch of s) w += charCells(ch.codePointAt(0)!);
  return w;
}

/** Estimated width of `s` in pixels at `fontSize`. */
export function textWidth(s: string, fontSize: number): number {
  return textCells(s) * CHAR_ADVANCE_EM * fontSize;
}
