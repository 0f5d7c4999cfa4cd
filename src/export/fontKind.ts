import type { DejaVuFace } from "./dejavuFaces.js";

/**
 * Which DejaVu family stands in for a CSS font-family list.  The render
 * core names families for screens ("system-ui, …", "ui-monospace, Menlo,
 * …, monospace"); the PNG and PDF exports have only DejaVu, so each list
 * maps to DejaVu Sans Mono, DejaVu Serif or DejaVu Sans by the first
 * family in it that says which.
 */
export type FontKind = "sans" | "serif" | "mono";

const MONO = /mono|menlo|consolas|courier|monaco/;
// Checked after SANS, so that "sans-serif" is not taken for a serif.
const SERIF = /serif|times|georgia|roman|garamond|palatino/;
const SANS = /sans|system-ui|apple-system|segoe|helvetica|arial|verdana/;

export function fontKind(family: string | undefined): FontKind {
  if (!family) return "sans";
  for (const raw of family.split(",")) {
    const f = raw
      .trim()
      .replace(/^['"]|['"]$/g, "")
      .toLowerCase();
    if (MONO.test(f)) return "mono";
    if (SANS.test(f)) return "sans";
    if (SERIF.test(f)) return "serif";
  }
  return "sans";
}

/** Bold for font-weight bold, bolder or 600 and up. */
export function isBold(weight: string | undefined): boolean {
  return weight === "bold" || weight === "bolder" || (weight !== undefined && Number(weight) >= 600);
}

/** The DejaVu face for a kind, weight and style. */
export function dejavuFace(kind: FontKind, bold: boolean, italic: boolean): DejaVuFace {
  if (kind === "serif") return `DejaVuSerif${bold ? (italic ? "-BoldItalic" : "-Bold") : italic ? "-Italic" : ""}`;
  const base = kind === "mono" ? "DejaVuSansMono" : "DejaVuSans";
  return `${base}${bold ? (italic ? "-BoldOblique" : "-Bold") : italic ? "-Oblique" : ""}`;
}

/** The DejaVu family name of a kind, as fonts name themselves. */
export const DEJAVU_FAMILY: Record<FontKind, string> = { sans: "DejaVu Sans", serif: "DejaVu Serif", mono: "DejaVu Sans Mono" };
