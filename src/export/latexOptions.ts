import { checkKeys, maybeBoolean, maybeNumber } from "../core/options.js";
import { renderOptions, type RenderOptions } from "../render/renderOptions.js";
import { DEFAULT_WIDTH } from "./figureOptions.js";

/**
 * Options of toLaTeX, normalised here.  The colour options are render
 * options (checked by renderOptions), so the LaTeX strip is coloured exactly
 * as the SVG strip is.
 */
export interface LaTeXOptions {
  /** Colour, measure and scale options, as for the SVG views. */
  render: RenderOptions;
  /** Whether to add the legend line under the strip. */
  legend: boolean;
  /** A complete document (article class) instead of a snippet for \input. */
  standalone: boolean;
  /** Text width of the standalone document, in points. */
  width: number;
}

export type LaTeXOptionsInput = Partial<
  Record<"measure" | "palette" | "grayscale" | "domainMax" | "maxRank" | "legend" | "standalone" | "width", unknown>
>;

const KNOWN = ["measure", "palette", "grayscale", "domainMax", "maxRank", "legend", "standalone", "width"];

export function latexOptions(input: LaTeXOptionsInput = {}): LaTeXOptions {
  checkKeys("LaTeX", input, KNOWN);
  const { legend, standalone, width, ...render } = input;
  return {
    render: renderOptions(render),
    legend: maybeBoolean("legend", legend, true),
    standalone: maybeBoolean("standalone", standalone, false),
    width: maybeNumber("width", width, DEFAULT_WIDTH, 100, 2000),
  };
}
