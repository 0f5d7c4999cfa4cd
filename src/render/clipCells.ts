import { textCells } from "./textWidth.js";

/** Cut a string to at most `cells` display cells (textCells), marking the cut with …. */
export function clipCells(s: string, cells: number): string {
  if (textCells(s) <= cells) return s;
  let out = "";
  for (const ch of s) {
    if (textCells(out + ch) > cells - 1) break;
    out += ch;
  }
  return out + "…";
}
