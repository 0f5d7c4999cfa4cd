import { instanceMeasure } from "../core/instanceMeasure.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { MEASURE_INFO } from "../core/measures.js";
import { colorScale, parseColor, textColorOn } from "../render/colorScale.js";
import { formatValue } from "../render/formatValue.js";
import { legendWords } from "../render/legend.js";
import { visibleText } from "../render/tokenLayout.js";
import { isCorpusData } from "./isCorpusData.js";
import { LMDIFF_CHAR_DEF, latexEscape } from "./latexEscape.js";
import { latexOptions, type LaTeXOptionsInput } from "./latexOptions.js";

/**
 * The token strip as LaTeX: one \colorbox per token in the colours of the
 * SVG strip (same colour scale, same dark or light text), in typewriter
 * type, wrapping like a paragraph, with a line break where the text has a
 * newline (shown as ↵, as the strip shows it), and a legend line that says
 * what the colours mean in render's words.
 *
 * Colours are \definecolor'd once each in the rgb model, which both the
 * color and xcolor packages understand.  The text is escaped by
 * latexEscape: plain ASCII out, emoji and other characters without a LaTeX
 * form shown as a small framed code point (\lmdiffchar{1F600}).  In
 * grayscale, tokens on model 2's side get a frame (\fcolorbox), the print
 * stand-in for the SVG's dashed outline.
 *
 * The snippet needs \usepackage{xcolor} (or color) and T1 fonts
 * (\usepackage[T1]{fontenc}); `standalone: true` writes a whole document
 * that loads them.
 */
export function toLaTeX(data: InstanceData, options: LaTeXOptionsInput = {}): string {
  if (data === null || typeof data !== "object" || isCorpusData(data) || !Array.isArray(data.tokens))
    throw new LmdiffError("toLaTeX needs one text (InstanceData, e.g. corpus.instance(i).data), not a corpus", "bad-option");
  const o = latexOptions(options);
  const r = o.render;
  const values = instanceMeasure(data, r.measure);
  const scale = colorScale(r.measure, values, r, data.k);

  const names = new Map<string, string>();
  const defs: string[] = [];
  const colorName = (css: string) => {
    let name = names.get(css);
    if (!name) {
      name = `lmdiff${letters(names.size)}`;
      names.set(css, name);
      const rgb = parseColor(css).map((c) => Math.round((c / 255) * 1000) / 1000);
      defs.push(`\\definecolor{${name}}{rgb}{${rgb.join(",")}}`);
    }
    return name;
  };

  const body: string[] = [];
  data.tokens.forEach((tok, i) => {
    const fill = scale.color(values[i]);
    const bg = colorName(fill);
    const fg = textColorOn(fill) === "#ffffff" ? "white" : "black";
    const cmd = scale.dashed(values[i]) ? "\\lmdifftokframed" : "\\lmdifftok";
    // Each token ends its line with % so that the line end adds no space between the boxes.
    const box = (content: string) => `${cmd}{${bg}}{${fg}}{${content}}%`;
    if (data.partial[i]) {
      // Continuation bytes of a character shown on an earlier token: a thin box, as in the strip.
      body.push(box("\\hspace{1.5pt}"));
      return;
    }
    const lines = tok.split("\n");
    lines.forEach((line, j) => {
      const last = j === lines.length - 1;
      const shown = latexEscape(visibleText(line), "visible") + (last ? "" : "\\ensuremath{\\hookleftarrow}");
      if (shown !== "" || lines.length === 1) body.push(box(shown === "" ? "\\hspace{0.3em}" : shown));
      if (!last) body.push("\\\\%");
    });
  });

  if (o.legend) {
    const [lo, hi] = scale.domain;
    const swatch = (v: number) => {
      const fill = scale.color(v);
      return `\\lmdifftok${scale.dashed(v) ? "framed" : ""}{${colorName(fill)}}{${textColorOn(fill) === "#ffffff" ? "white" : "black"}}{${latexEscape(formatValue(v))}}`;
    };
    const mid = scale.kind === "diverging" ? 0 : scale.log ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    // In grayscale the strip frames model 2's tokens instead of dashing them, so the words say so.
    const words = legendWords(r.measure, data.models, scale).map((w) =>
      r.grayscale ? w.replace(/^solid:/, "unframed:").replace(/^dashed:/, "framed:") : w,
    );
    body.push("\\par\\smallskip");
    body.push(
      `{\\footnotesize\\normalfont ${latexEscape(MEASURE_INFO[r.measure].label)}: ${swatch(lo)} ${swatch(mid)} ${swatch(hi)}. ` +
        words.map((w) => latexEscape(w)).join("; ") +
        ".\\par}",
    );
  }

  const [m1, m2] = data.models;
  const out = [
    `% lmdiff token strip: ${oneLine(MEASURE_INFO[r.measure].label)}, model 1 = ${oneLine(m1.name)}, model 2 = ${oneLine(m2.name)}.`,
    "% Needs \\usepackage{xcolor} (or color) and \\usepackage[T1]{fontenc}. Characters without a LaTeX form",
    "% (emoji, CJK, ...) appear as \\lmdiffchar{code point} boxes.",
    ...defs,
    "\\providecommand{\\lmdifftok}[3]{\\colorbox{#1}{\\textcolor{#2}{\\strut #3}}\\hspace{1pt}}",
    "\\providecommand{\\lmdifftokframed}[3]{\\fcolorbox{black}{#1}{\\textcolor{#2}{\\strut #3}}\\hspace{1pt}}",
    LMDIFF_CHAR_DEF,
    "\\begingroup\\raggedright\\setlength{\\fboxsep}{1pt}\\setlength{\\fboxrule}{0.4pt}\\ttfamily",
    ...body,
    "\\par\\endgroup",
  ];
  const snippet = out.join("\n") + "\n";
  if (!o.standalone) return snippet;
  return [
    "\\documentclass{article}",
    "\\usepackage[T1]{fontenc}",
    "\\usepackage[utf8]{inputenc}",
    "\\usepackage{lmodern}",
    "\\usepackage{color}",
    // Half-inch margins around a text block of the figure's width; the page is as wide as that.
    `\\setlength{\\textwidth}{${o.width}pt}`,
    "\\setlength{\\oddsidemargin}{0pt}\\setlength{\\evensidemargin}{0pt}\\setlength{\\hoffset}{-0.5in}",
    "\\setlength{\\topmargin}{0pt}\\setlength{\\headheight}{0pt}\\setlength{\\headsep}{0pt}\\setlength{\\voffset}{-0.5in}",
    `\\setlength{\\paperwidth}{\\dimexpr${o.width}pt+1in\\relax}\\setlength{\\pdfpagewidth}{\\paperwidth}`,
    "\\setlength{\\parindent}{0pt}",
    "\\pagestyle{empty}",
    "\\begin{document}",
    snippet.trimEnd(),
    "\\end{document}",
    "",
  ].join("\n");
}

/** 0 → A, 25 → Z, 26 → AA: colour names of letters only, which every colour package accepts. */
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

/** A comment line must not contain a newline. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}
