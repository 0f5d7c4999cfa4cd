import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { MEASURE_INFO, isByteMeasure } from "../core/measures.js";
import { bitsPerByteLine } from "../render/alignedHeader.js";
import { alignedLegendWords } from "../render/alignedLegend.js";
import { colorScale } from "../render/colorScale.js";
import { formatValue } from "../render/formatValue.js";
import { visibleText } from "../render/tokenLayout.js";
import { framedWords } from "./framedWords.js";
import { latexComment } from "./latexDocument.js";
import { latexEscape } from "./latexEscape.js";
import { latexOptions, type LaTeXOptionsInput } from "./latexOptions.js";
import { latexStrip } from "./latexStrip.js";

/**
 * A text read by two tokenizers as LaTeX: its characters in \colorbox
 * backgrounds coloured by a byte measure (default bits_diff) in the
 * colours of the SVG strip, in typewriter type, with a line break where
 * the text has a newline (shown as ↵), and a legend line with each model's
 * bits per byte and what the colours mean, a masked model's numbers called
 * pseudo-bits (PLL).  The two models' token boundaries are not drawn:
 * LaTeX cannot set two rows of boxes over the same characters in a
 * paragraph that wraps (the SVG strip shows them).
 *
 * Neighbouring characters of one colour share a box, so a word coloured
 * alike is one box; lines break only after spaces (\allowbreak), as a
 * paragraph does.  In grayscale, characters on model 2's side of bits_diff
 * get a frame (\fcolorbox), as the token strip's LaTeX does.  Needs
 * \usepackage{xcolor} (or color) and \usepackage[T1]{fontenc};
 * `standalone: true` writes a whole document.
 */
export function alignedToLaTeX(data: AlignedData, options: LaTeXOptionsInput = {}): string {
  const o = latexOptions({ ...options, measure: options.measure ?? "bits_diff" });
  const r = o.render;
  if (!isByteMeasure(r.measure)) alignedMeasure(data, r.measure); // throws the one-line error that names the byte measures
  const measure = r.measure as "bits_diff" | "bits_1" | "bits_2";
  const values = alignedMeasure(data, measure);
  const scale = colorScale(measure, values, r);
  const strip = latexStrip({ macro: "lmdiffchr", gap: "", fboxsep: "0pt" });
  // Each box ends its line with % so that the line end adds no space between the boxes.
  const box = (fill: string, framed: boolean, content: string) => strip.box(fill, framed, content) + "%";

  const body: string[] = [];
  let run = "";
  let runFill = "";
  let runFramed = false;
  const flush = () => {
    if (run !== "") body.push(box(runFill, runFramed, run));
    run = "";
  };
  data.chars.forEach((ch, c) => {
    const fill = scale.color(values[c]);
    const framed = scale.dashed(values[c]);
    if (run !== "" && (fill !== runFill || framed !== runFramed)) flush();
    runFill = fill;
    runFramed = framed;
    if (ch === "\n") {
      run += "\\ensuremath{\\hookleftarrow}";
      flush();
      body.push("\\\\%");
      return;
    }
    run += latexEscape(visibleText(ch), "visible");
    // A space ends its box, and the line may break after it.
    if (ch === " ") {
      flush();
      body.push("\\allowbreak%");
    }
  });
  flush();

  if (o.legend) {
    const [lo, hi] = scale.domain;
    const swatch = (v: number) => strip.box(scale.color(v), scale.dashed(v), latexEscape(formatValue(v)));
    const mid = scale.kind === "diverging" ? 0 : (lo + hi) / 2;
    const words = framedWords(alignedLegendWords(measure, data, scale), r.grayscale);
    body.push("\\par\\smallskip");
    body.push(
      `{\\footnotesize\\normalfont\\setlength{\\fboxsep}{1pt}${latexEscape(MEASURE_INFO[measure].label)} per character: ${swatch(lo)} ${swatch(mid)} ${swatch(hi)}. ` +
        words.map((w) => latexEscape(w)).join("; ") +
        ". " +
        ([0, 1] as const).map((s) => latexEscape(bitsPerByteLine(data, s))).join("; ") +
        ".\\par}",
    );
  }

  const [m1, m2] = data.models;
  const pll = (s: 0 | 1) => (data.sides[s].scoring === "masked" ? " (masked: pseudo-log-likelihood)" : "");
  return strip.snippet(
    `% lmdiff character strip: ${latexComment(MEASURE_INFO[measure].label)}, model 1 = ${latexComment(m1.name)}${pll(0)}, model 2 = ${latexComment(m2.name)}${pll(1)}; different tokenizers, compared on bytes.`,
    body,
    o,
  );
}
