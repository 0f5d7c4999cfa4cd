import { parseColor } from "../render/colorScale.js";

/**
 * The colours of a LaTeX snippet: each CSS colour gets a name the first
 * time it is used (lmdiffA, lmdiffB, …: letters only, which every colour
 * package accepts) and one \definecolor in the rgb model, which both the
 * color and xcolor packages understand.
 */
export interface LatexColors {
  /** The name of a CSS colour, defined on first use. */
  name: (css: string) => string;
  /** The \definecolor lines, in order of first use. */
  defs: string[];
}

export function latexColors(): LatexColors {
  const names = new Map<string, string>();
  const defs: string[] = [];
  return {
    defs,
    name: (css: string): string => {
      let name = names.get(css);
      if (!name) {
        name = `lmdiff${letters(names.size)}`;
        names.set(css, name);
        const rgb = parseColor(css).map((c) => Math.round((c / 255) * 1000) / 1000);
        defs.push(`\\definecolor{${name}}{rgb}{${rgb.join(",")}}`);
      }
      return name;
    },
  };
}

/** 0 → A, 25 → Z, 26 → AA. */
function letters(n: number): string {
  let s = "";
  n += 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
