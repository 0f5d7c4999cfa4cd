import { textCells, CHAR_ADVANCE_EM } from "./textWidth.js";

/**
 * Where each token of a text goes in the strip: boxes flowed left to right
 * and wrapped at `width`, like words in a paragraph.  A token whose text
 * holds a newline ends its line there (the newline itself is drawn as ↵),
 * so one token may own several boxes.  Partial tokens — the continuation
 * bytes of a character shown on an earlier token — get a thin placeholder
 * so that they stay visible and hoverable without inventing text.
 */
export interface TokenBox {
  /** Token index. */
  i: number;
  x: number;
  y: number;
  w: number;
  /** Text to draw (control characters already made visible). */
  text: string;
  partial: boolean;
}

export interface TokenLayout {
  boxes: TokenBox[];
  width: number;
  height: number;
  lineHeight: number;
  /** Horizontal padding inside a box. */
  pad: number;
}

export const PARTIAL_WIDTH = 4;
const GAP = 2;

/** Make tabs, carriage returns and other C0 controls visible; newlines are handled by the layout. */
export function visibleText(s: string): string {
  // C0 controls but newline, and DEL: the control characters (\p{Cc}) outside C1.
  return s.replace(/(?![\n\u0080-\u009f])\p{Cc}/gu, (c) =>
    c === "\t" ? "⇥" : c === "\u007f" ? "␡" : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
}

export function tokenLayout(tokens: readonly string[], partial: ArrayLike<number>, o: { width: number; fontSize: number }): TokenLayout {
  const adv = CHAR_ADVANCE_EM * o.fontSize;
  const pad = Math.max(1, Math.round(o.fontSize * 0.15));
  const lineHeight = Math.round(o.fontSize * 1.7);
  const boxes: TokenBox[] = [];
  let x = 0;
  let y = 0;
  const place = (i: number, t: string, isPartial: boolean) => {
    const w = isPartial ? PARTIAL_WIDTH : Math.max(textCells(t), 0.5) * adv + 2 * pad;
    if (x > 0 && x + w > o.width) {
      x = 0;
      y += lineHeight;
    }
    boxes.push({ i, x, y, w, text: t, partial: isPartial });
    x += w + GAP;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (partial[i]) {
      place(i, "", true);
      continue;
    }
    const lines = tokens[i].split("\n");
    for (let j = 0; j < lines.length; j++) {
      const last = j === lines.length - 1;
      const seg = visibleText(lines[j]) + (last ? "" : "↵");
      // A token that starts right after a newline but is empty ("\n" alone) still gets its ↵ box.
      if (seg !== "" || lines.length === 1) place(i, seg, false);
      if (!last) {
        x = 0;
        y += lineHeight;
      }
    }
  }
  const height = tokens.length === 0 ? 0 : y + lineHeight;
  return { boxes, width: o.width, height, lineHeight, pad };
}
