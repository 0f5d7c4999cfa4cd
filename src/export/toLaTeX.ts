import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { instanceMeasure } from "../core/instanceMeasure.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { MEASURE_INFO } from "../core/measures.js";
import { colorScale } from "../render/colorScale.js";
import { formatValue } from "../render/formatValue.js";
import { legendWords } from "../render/legend.js";
import { visibleText } from "../render/tokenLayout.js";
import { alignedToLaTeX } from "./alignedToLaTeX.js";
import { isCorpusData } from "./isCorpusData.js";
import { framedWords } from "./framedWords.js";
import { latexComment } from "./latexDocument.js";
import { latexEscape } from "./latexEscape.js";
import { latexOptions, type LaTeXOptionsInput } from "./latexOptions.js";
import { latexStrip } from "./latexStrip.js";

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
 * that loads them.  A text read by two tokenizers (AlignedData) is written
 * per character instead (alignedToLaTeX).
 */
export function toLaTeX(data: InstanceData | AlignedData, options: LaTeXOptionsInput = {}): string {
  if (data !== null && typeof data === "object" && isAligned(data)) return alignedToLaTeX(data, options);
  if (data === null || typeof data !== "object" || isCorpusData(data) || !Array.isArray(data.tokens))
    throw new LmdiffError("toLaTeX needs one text (InstanceData, e.g. corpus.instance(i).data), not a corpus", "bad-option");
  const o = latexOptions(options);
  const r = o.render;
  const values = instanceMeasure(data, r.measure);
  const scale = colorScale(r.measure, values, r, data.k);

  const strip = latexStrip({ macro: "lmdifftok", gap: "\\hspace{1pt}", fboxsep: "1pt" });

  const body: string[] = [];
  data.tokens.forEach((tok, i) => {
    const fill = scale.color(values[i]);
    const framed = scale.dashed(values[i]);
    // Each token ends its line with % so that the line end adds no space between the boxes.
    const box = (content: string) => strip.box(fill, framed, content) + "%";
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
    const swatch = (v: number) => strip.box(scale.color(v), scale.dashed(v), latexEscape(formatValue(v)));
    const mid = scale.kind === "diverging" ? 0 : scale.log ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    const words = framedWords(legendWords(r.measure, data.models, scale), r.grayscale);
    body.push("\\par\\smallskip");
    body.push(
      `{\\footnotesize\\normalfont ${latexEscape(MEASURE_INFO[r.measure].label)}: ${swatch(lo)} ${swatch(mid)} ${swatch(hi)}. ` +
        words.map((w) => latexEscape(w)).join("; ") +
        ".\\par}",
    );
  }

  const [m1, m2] = data.models;
  return strip.snippet(
    `% lmdiff token strip: ${latexComment(MEASURE_INFO[r.measure].label)}, model 1 = ${latexComment(m1.name)}, model 2 = ${latexComment(m2.name)}.`,
    body,
    o,
  );
}
