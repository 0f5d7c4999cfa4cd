import { checkKeys, keyword, maybeBoolean, maybeInt, maybeNumber, maybeString } from "../core/options.js";
import { renderOptions, type RenderOptions } from "../render/renderOptions.js";

/**
 * Options of a figure for a paper, normalised here and nowhere else so that
 * the API, the user objects' methods and `lmdiff export` reject bad values
 * with the same one-line message.  Everything that is a render option
 * (measure, palette, grayscale, agg, …) goes through render/renderOptions,
 * so the figure is drawn with exactly the values the live view would use.
 *
 * Sizes are in points: one SVG user unit of a figure is one point, so a
 * figure of width 455 is as wide as the text block of an ACL paper and its
 * 10-unit labels print at 10 pt when it is included at its natural size.
 */
export const VIEWS = ["strip", "plots", "histogram", "global", "topk", "composite"] as const;
export type View = (typeof VIEWS)[number];

/** Views drawn from one text (InstanceData); "global" needs a corpus (CorpusData). */
export const INSTANCE_VIEWS: readonly View[] = ["strip", "plots", "histogram", "topk", "composite"];

/**
 * Label fonts.  Only the DejaVu families are offered because they are the
 * fonts the PNG and PDF exports load and embed: a figure then looks the same
 * as SVG, PNG and PDF on every machine.  Token text is always DejaVu Sans
 * Mono, since the token layout assumes a monospace advance of 0.6 em.
 */
export const FONT_FAMILIES = ["sans", "serif"] as const;
export type FontFamily = (typeof FONT_FAMILIES)[number];

export const FONT_FAMILY_CSS: Record<FontFamily, string> = {
  sans: "'DejaVu Sans', sans-serif",
  serif: "'DejaVu Serif', serif",
};

export interface FigureOptions {
  view: View;
  /** Figure width in points. */
  width: number;
  fontFamily: FontFamily;
  /** Size of token text in points (labels keep the render core's 10–12 pt). */
  fontSize: number;
  /** A title above the figure, or "" for none. */
  title: string;
  /** A caption below the figure, wrapped to its width, or "" for none. */
  caption: string;
  /** Whether views coloured by a measure get the legend that says what the colours mean. */
  legend: boolean;
  /** Token index for the "topk" view, else null. */
  token: number | null;
  /** The render options the figure is drawn with (width and fontSize included). */
  render: RenderOptions;
}

export type FigureOptionsInput = Partial<Record<keyof Omit<FigureOptions, "render"> | RenderPassThrough, unknown>>;

/** Render options a figure passes on unchanged. */
const RENDER_PASS_THROUGH = [
  "measure",
  "palette",
  "grayscale",
  "agg",
  "maxRank",
  "domainMax",
  "bins",
  "outliers",
  "order",
  "plotHeight",
  "highlight",
  "brush",
] as const;
type RenderPassThrough = (typeof RENDER_PASS_THROUGH)[number];

const OWN = ["view", "width", "fontFamily", "fontSize", "title", "caption", "legend", "token"] as const;
const KNOWN = new Set<string>([...OWN, ...RENDER_PASS_THROUGH]);

/** Default width: the text width of a two-column ACL/EMNLP paper (6.3 in = 455 pt). */
export const DEFAULT_WIDTH = 455;
export const DEFAULT_FONT_SIZE = 10;
/** The narrowest figure whose labels do not collide (one column of a two-column paper is about 220 pt). */
export const MIN_WIDTH = 200;

export function figureOptions(input: FigureOptionsInput = {}, defaultView: View = "composite"): FigureOptions {
  checkKeys("figure", input, KNOWN);
  const view = input.view === undefined ? defaultView : keyword("view", input.view, VIEWS);
  const width = maybeNumber("width", input.width, DEFAULT_WIDTH, MIN_WIDTH, 20000);
  const fontSize = maybeNumber("fontSize", input.fontSize, DEFAULT_FONT_SIZE, 6, 72);
  const fontFamily = input.fontFamily === undefined ? "sans" : keyword("fontFamily", input.fontFamily, FONT_FAMILIES);
  const pass: Record<string, unknown> = {};
  for (const k of RENDER_PASS_THROUGH) if (input[k] !== undefined) pass[k] = input[k];
  const render = renderOptions({ ...pass, width, fontSize });
  const token = input.token === undefined || input.token === null ? null : maybeInt("token", input.token, 0, 0);
  return {
    view,
    width,
    fontFamily,
    fontSize,
    title: maybeString("title", input.title),
    caption: maybeString("caption", input.caption),
    legend: maybeBoolean("legend", input.legend, true),
    token,
    render,
  };
}
