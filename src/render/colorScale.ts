import { quantile } from "d3-array";
import { scaleLinear, scaleLog } from "d3-scale";
import { interpolateGreens, interpolateGreys } from "d3-scale-chromatic";
import { isJointMeasure, MEASURE_INFO, type Measure } from "../core/measures.js";
import { ENTROPY_DOWN, ENTROPY_UP, GREYS, palette, type Palette } from "./palette.js";
import type { RenderOptions } from "./renderOptions.js";

/**
 * The colour of a measure value, built once per chart from the data and
 * the options; renderers only call `color(v)`.
 *
 * - Diverging measures with a winner (prob_diff, logprob_diff, rank_diff,
 *   clamped_rank_diff): white at 0, model 1's colour on the side where
 *   MEASURE_INFO says model 1 did better, model 2's on the other.  The
 *   domain is symmetric, ±M with M the 95th percentile of |v|, so that one
 *   huge rank difference does not wash every other token out to white;
 *   values beyond M are clamped to the darkest stop.
 * - entropy_diff has no winner, so it uses ColorBrewer BrBG (brown: model 2
 *   less certain, teal: model 2 more certain) rather than either model's
 *   colour, to avoid suggesting that one model "won".
 * - topk_diff is sequential from 0 (same top-k) to k (disjoint), in greens.
 * - The pair measures say how far apart the two predicted distributions
 *   are, with no winner, so they share topk_diff's greens: white where the
 *   models agree, darker where they differ.  KL, reverse KL, JS and TV run
 *   from 0 to the 95th percentile of the values (as the diverging scales
 *   do; JS and TV at most 1, their largest possible value); top1_agree
 *   runs from 1 (same top-1: white) down to 0 (different: darkest), and
 *   is `binary` when every value is 0 or 1 (one text's tokens, not a
 *   corpus mean), which the legend and histogram draw as two categories.
 * - Single-model measures are greys, darker = better for that model:
 *   probabilities linearly over [0, 1], ranks on a log scale from 1
 *   (darkest) to maxRank (white).
 */
export interface ColorScale {
  measure: Measure;
  kind: "diverging" | "sequential";
  /** Legend domain, low to high. */
  domain: [number, number];
  /** Whether the legend axis is logarithmic (ranks). */
  log: boolean;
  /** Fill for a value; NaN gets NAN_COLOR. */
  color(v: number): string;
  /** Which model's side a value is on: 1, 2 or 0 (zero, NaN, or no winner). */
  side(v: number): 0 | 1 | 2;
  /** Whether a mark for this value gets a dashed outline (grayscale sign cue). */
  dashed(v: number): boolean;
  palette: Palette;
  /** Every value is 0 or 1 (top1_agree of one text): two categories rather than a range. */
  binary?: boolean;
}

export const NAN_COLOR = "#eeeeee";
/** Smallest half-width of a diverging domain, so an all-zero text is all white rather than NaN. */
export const MIN_DOMAIN = 1e-6;
/**
 * Half-width of a diverging domain when no value is further than
 * MIN_DOMAIN from 0 (two identical models): the widest a probability
 * difference can be, so the legend reads "−1 … 1" rather than "−0.000001 …
 * 0.000001" and every token is white.
 */
export const FLAT_DOMAIN = 1;

/** The 95th percentile of |v| over finite values, or the max |v| if that is 0, at least MIN_DOMAIN. */
export function robustMax(values: ArrayLike<number>, p = 0.95): number {
  const abs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) abs.push(Math.abs(v));
  }
  if (abs.length === 0) return MIN_DOMAIN;
  abs.sort((a, b) => a - b);
  let m = quantile(abs, p)!;
  if (!(m > 0)) m = abs[abs.length - 1];
  return Math.max(m, MIN_DOMAIN);
}

const STOP_T = [0, 0.25, 0.5, 0.75, 1];

function ramp(stops: readonly string[]): (t: number) => string {
  const s = scaleLinear<string>()
    .domain(STOP_T)
    .range(stops as string[])
    .clamp(true);
  return (t) => s(t);
}

export function colorScale(
  measure: Measure,
  values: ArrayLike<number>,
  o: Pick<RenderOptions, "palette" | "grayscale" | "domainMax" | "maxRank">,
  k = 10,
): ColorScale {
  const pal = palette(o.palette, o.grayscale);
  const info = MEASURE_INFO[measure];
  const nanSafe = (f: (v: number) => string) => (v: number) => (Number.isNaN(v) ? NAN_COLOR : f(v));
  const greys = (t: number) => (o.grayscale ? ramp(GREYS)(t) : interpolateGreys(0.05 + 0.8 * t));

  if (info.model && (measure === "bits_1" || measure === "bits_2")) {
    // Bits on a character: darker is better (fewer bits), as for the other
    // single-model measures; linear from 0 to a robust maximum.
    const robust = robustMax(values);
    const m = o.domainMax ?? (robust > MIN_DOMAIN ? robust : FLAT_DOMAIN);
    const color = nanSafe((v) => greys(1 - Math.min(1, Math.max(0, v / m))));
    return { measure, kind: "sequential", domain: [0, m], log: false, color, side: () => 0, dashed: () => false, palette: pal };
  }
  if (info.model) {
    // Single-model measures: darker is better for that model.
    if (info.higherIsBetter) {
      const color = nanSafe((v) => greys(Math.min(1, Math.max(0, v))));
      return { measure, kind: "sequential", domain: [0, 1], log: false, color, side: () => 0, dashed: () => false, palette: pal };
    }
    const log = scaleLog().domain([1, o.maxRank]).range([1, 0]).clamp(true);
    const color = nanSafe((v) => greys(log(Math.max(1, v))));
    return { measure, kind: "sequential", domain: [1, o.maxRank], log: true, color, side: () => 0, dashed: () => false, palette: pal };
  }

  // How different the models' predictions are (topk_diff and the pair measures): greens from white, t in [0, 1].
  const sequential = (t: number) => (o.grayscale ? greys(t) : interpolateGreens(t * 0.85));

  if (measure === "topk_diff") {
    const color = nanSafe((v) => sequential(Math.min(1, Math.max(0, v / k))));
    return { measure, kind: "sequential", domain: [0, k], log: false, color, side: () => 0, dashed: () => false, palette: pal };
  }

  if (measure === "top1_agree") {
    // 1 (the models agree) is white, as 0 is for the divergences.
    const color = nanSafe((v) => sequential(1 - Math.min(1, Math.max(0, v))));
    const sc: ColorScale = {
      measure,
      kind: "sequential",
      domain: [0, 1],
      log: false,
      color,
      side: () => 0,
      dashed: () => false,
      palette: pal,
    };
    return isBinary(values) ? { ...sc, binary: true } : sc;
  }

  if (isJointMeasure(measure)) {
    const robust = robustMax(values);
    // JS (in bits) and TV cannot pass 1; KL has no upper bound.
    const cap = measure === "js" || measure === "tv" ? 1 : Infinity;
    const m = o.domainMax ?? Math.min(cap, robust > MIN_DOMAIN ? robust : FLAT_DOMAIN);
    const color = nanSafe((v) => sequential(Math.min(1, Math.max(0, v / m))));
    return { measure, kind: "sequential", domain: [0, m], log: false, color, side: () => 0, dashed: () => false, palette: pal };
  }

  const robust = robustMax(values);
  const m = o.domainMax ?? (robust > MIN_DOMAIN ? robust : FLAT_DOMAIN);
  let up: (t: number) => string;
  let down: (t: number) => string;
  let sideOfPositive: 1 | 2;
  if (info.model1BetterWhen === "none") {
    up = ramp(o.grayscale ? GREYS : ENTROPY_UP);
    down = ramp(o.grayscale ? GREYS : ENTROPY_DOWN);
    // Entropy has no winner; for the grayscale cue, dash the negative side.
    sideOfPositive = 1;
  } else {
    sideOfPositive = info.model1BetterWhen === "positive" ? 1 : 2;
    up = ramp(sideOfPositive === 1 ? pal.side1 : pal.side2);
    down = ramp(sideOfPositive === 1 ? pal.side2 : pal.side1);
  }
  const color = nanSafe((v) => (v >= 0 ? up(v / m) : down(-v / m)));
  const winnerSide = (v: number): 0 | 1 | 2 => (Number.isNaN(v) || v === 0 ? 0 : v > 0 ? sideOfPositive : sideOfPositive === 1 ? 2 : 1);
  const side = info.model1BetterWhen === "none" ? () => 0 as const : winnerSide;
  return {
    measure,
    kind: "diverging",
    domain: [-m, m],
    log: false,
    color,
    side,
    dashed: (v) => o.grayscale && winnerSide(v) === 2,
    palette: pal,
  };
}

/** Whether there is at least one finite value and every one is 0 or 1. */
function isBinary(values: ArrayLike<number>): boolean {
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v !== 0 && v !== 1) return false;
    any = true;
  }
  return any;
}

/** Parse "#rgb", "#rrggbb" or "rgb(r, g, b)" into [r, g, b] 0..255. */
export function parseColor(c: string): [number, number, number] {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(c);
  if (m) return [+m[1], +m[2], +m[3]];
  let h = c.replace("#", "");
  if (h.length === 3) h = h.replace(/./g, (x) => x + x);
  const n = parseInt(h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Dark or light text for a fill, by WCAG relative luminance: dark text
 * unless the fill is darker than about the middle grey, where white text
 * has the better contrast.
 */
export function textColorOn(fill: string): string {
  const [r, g, b] = parseColor(fill).map((x) => {
    const s = x / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return L < 0.18 ? "#ffffff" : "#111111";
}
