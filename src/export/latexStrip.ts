import { textColorOn } from "../render/colorScale.js";
import { latexColors } from "./latexColors.js";
import { latexDocument } from "./latexDocument.js";
import { LMDIFF_CHAR_DEF } from "./latexEscape.js";
import type { LaTeXOptions } from "./latexOptions.js";

/** How a strip sets its boxes. */
export interface LatexStripStyle {
  /** The box macro's name: lmdifftok (a box per token) or lmdiffchr (a box per run of characters). */
  macro: string;
  /** What follows each box: tokens keep a thin gap between them, characters run on. */
  gap: string;
  /** \fboxsep, the padding inside a box. */
  fboxsep: string;
}

export interface LatexStrip {
  /**
   * `\MACRO{fill}{text colour}{content}`, or `\MACROframed` (an \fcolorbox,
   * the print stand-in for the SVG's dashed outline) when `framed`; the
   * fill's colour is defined on first use, and the text is white or black
   * as the SVG strip draws it on that fill.
   */
  box(fill: string, framed: boolean, content: string): string;
  /**
   * The snippet: the comment line `comment`, what it needs, the colours
   * `box` used, the two box macros, and `body` in a ragged-right typewriter
   * group; a whole document when `o.standalone`.
   */
  snippet(comment: string, body: readonly string[], o: Pick<LaTeXOptions, "standalone" | "width">): string;
}

/**
 * A strip of coloured boxes as LaTeX, shared by the token strip (toLaTeX)
 * and the character strip (alignedToLaTeX): they differ only in what a box
 * holds and in the style of the boxes.
 */
export function latexStrip(style: LatexStripStyle): LatexStrip {
  const colors = latexColors();
  const { macro, gap, fboxsep } = style;
  return {
    box: (fill, framed, content) =>
      `\\${macro}${framed ? "framed" : ""}{${colors.name(fill)}}{${textColorOn(fill) === "#ffffff" ? "white" : "black"}}{${content}}`,
    snippet: (comment, body, o) => {
      const out = [
        comment,
        "% Needs \\usepackage{xcolor} (or color) and \\usepackage[T1]{fontenc}. Characters without a LaTeX form",
        "% (emoji, CJK, ...) appear as \\lmdiffchar{code point} boxes.",
        ...colors.defs,
        `\\providecommand{\\${macro}}[3]{\\colorbox{#1}{\\textcolor{#2}{\\strut #3}}${gap}}`,
        `\\providecommand{\\${macro}framed}[3]{\\fcolorbox{black}{#1}{\\textcolor{#2}{\\strut #3}}${gap}}`,
        LMDIFF_CHAR_DEF,
        `\\begingroup\\raggedright\\setlength{\\fboxsep}{${fboxsep}}\\setlength{\\fboxrule}{0.4pt}\\ttfamily`,
        ...body,
        "\\par\\endgroup",
      ];
      const snippet = out.join("\n") + "\n";
      return o.standalone ? latexDocument(snippet, o.width) : snippet;
    },
  };
}
