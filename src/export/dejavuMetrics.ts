import { dejavuWidth } from "../render/dejavuWidths.js";
import { textCells } from "../render/textWidth.js";
import type { FontKind } from "./fontKind.js";

/**
 * Advance widths of the DejaVu faces the PNG and PDF exports draw with.
 * The table of DejaVu Sans and Serif widths lives in the render core
 * (render/dejavuWidths), which also lays out the live views' labels with
 * it, so the browser bundle carries it once.  DejaVu Sans Mono is exactly
 * 0.6 em per cell, as render/textWidth assumes.
 */
export function dejavuTextWidth(s: string, fontSize: number, kind: FontKind, bold = false): number {
  if (kind === "mono") return textCells(s) * 0.6 * fontSize;
  return dejavuWidth(s, fontSize, kind === "serif" ? (bold ? "serifBold" : "serif") : bold ? "sansBold" : "sans");
}
