import { isAligned, type AlignedData } from "../core/AlignedData.js";
import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { isByteMeasure, MEASURE_INFO, type Measure } from "../core/measures.js";
import { topIndices } from "../core/topIndices.js";
import { alignedFigureParts } from "../render/alignedFigure.js";
import { betterLists } from "../render/betterLists.js";
import { corpusSignificance } from "../render/corpusSignificance.js";
import { formatValue } from "../render/formatValue.js";
import { textWidth } from "../render/textWidth.js";
import { corpusValues } from "../render/corpusValues.js";
import { globalHistogramFigure, globalHistogramScale } from "../render/globalHistogram.js";
import { instanceFigureParts } from "../render/instanceFigure.js";
import { legendFigure } from "../render/legend.js";
import { renderOptions } from "../render/renderOptions.js";
import { stackFigures } from "../render/stackFigures.js";
import { xmlChars } from "../render/svg.js";
import { el, svgRoot, text, translate, type Figure } from "../render/svg.js";
import type { ResolvedCorpusViewOptions, ResolvedInstanceViewOptions } from "./viewOptions.js";

/** A notebook picture's sections sit further apart than the pieces of one figure. */
const GAP = 18;

function title(s: string, width: number): Figure {
  return { width, height: 16, body: text({ x: 0, y: 12, "font-size": 13, "font-weight": "bold", fill: "currentColor" }, s) };
}

// A picture shown as an <img> or by a static viewer has no page colours
// behind it; a white ground keeps its black text readable on dark themes.
// Texts may hold characters XML forbids (a corpus line with BEL characters
// was seen): they can only sit in text, so the whole document is cleaned.
function opaque(f: Figure): string {
  const pad = 6;
  return xmlChars(
    svgRoot(
      {
        width: f.width + 2 * pad,
        height: f.height + 2 * pad,
        body: el("rect", { width: f.width + 2 * pad, height: f.height + 2 * pad, fill: "#ffffff" }) + translate(f, pad, pad),
      },
      { color: "#222222" },
    ),
  );
}

const LIST_ROWS = 10;
const ROW_H = 16;

/**
 * Text as an SVG (XML 1.0) document may hold it: whitespace runs become one
 * space, other control characters their Control Pictures (U+2400 + code,
 * e.g. BEL as "␇"), and unpaired surrogates U+FFFD.  A single raw control
 * character makes the whole picture fail to load as an image.
 */
function visibleText(t: string): string {
  return xmlChars(t.replace(/\s+/g, " "));
}

/** The text cut (with an ellipsis) to fit a width, measured as the render core measures. */
function fit(t: string, width: number, fontSize: number): string {
  if (textWidth(t, fontSize) <= width) return t;
  const chars = [...t];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(chars.slice(0, mid).join("") + "…", fontSize) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join("") + "…";
}

/**
 * Texts as lines: colour, value, (q-value,) index and the text cut to fit,
 * as the live view's lists show them.
 */
function textRows(
  data: CorpusData,
  values: Float64Array,
  rows: ArrayLike<number>,
  width: number,
  color: (v: number) => string,
  q?: Float64Array,
): Figure {
  const qw = q ? 58 : 0;
  const room = width - 120 - qw;
  const body = Array.from(rows, (r, i) => {
    const y = 14 + i * ROW_H;
    const t = visibleText(data.text[r]);
    return (
      el("rect", { x: 0, y: y - 10, width: 10, height: 10, fill: color(values[r]) }) +
      text({ x: 16, y, "font-size": 11, fill: "currentColor" }, formatValue(values[r])) +
      (q ? text({ x: 70, y, "font-size": 11, fill: "currentColor" }, `q ${q[r] < 0.001 ? "<0.001" : formatValue(q[r])}`) : "") +
      text({ x: 70 + qw, y, "font-size": 11, fill: "currentColor", "fill-opacity": 0.6 }, `#${data.index[r]}`) +
      text({ x: 120 + qw, y, "font-size": 11, fill: "currentColor" }, fit(t, room, 11))
    );
  });
  return { width, height: Math.max(1, rows.length) * ROW_H, body: body.join("") };
}

/**
 * The texts the live view lists first: with significance columns, the
 * first LIST_ROWS / 2 of model 1's list and of model 2's, ranked as
 * `o.rankBy` says; else the LIST_ROWS most extreme values.
 */
function listFigures(data: CorpusData, values: Float64Array, o: ResolvedCorpusViewOptions, color: (v: number) => string): Figure[] {
  const sig = corpusSignificance(data);
  if (!sig) {
    const rows = topIndices(values, LIST_ROWS, o.order);
    return [title(`${rows.length} most extreme texts`, o.width), textRows(data, values, rows, o.width, color)];
  }
  const lists = betterLists(values, sig, { rankBy: o.rankBy, order: o.order, size: LIST_ROWS / 2 });
  const by = o.rankBy === "significance" ? "most significant" : "most extreme";
  return ([1, 2] as const).flatMap((side) => {
    const rows = side === 1 ? lists.model1 : lists.model2;
    const name = data.models[side - 1].name;
    return [
      title(visibleText(`model ${side} (${name}) better: ${rows.length ? `the ${rows.length} ${by}` : "no text"}`), o.width),
      textRows(data, values, rows, o.width, color, sig.q),
    ];
  });
}

/** The static picture of a one-text view: the render core's composite instance figure. */
export function instancePicture(data: InstanceData, o: ResolvedInstanceViewOptions): string {
  return opaque(instanceFigureParts(data, { measure: o.measure, width: o.width }));
}

/** The static picture of a text read by two tokenizers: the render core's composite aligned figure. */
export function alignedPicture(data: AlignedData, o: ResolvedInstanceViewOptions): string {
  return opaque(alignedFigureParts(data, { measure: o.measure, width: o.width }));
}

/** A one-text figure of either kind, in a measure it has (a byte measure for two tokenizers, bits_diff when the corpus measure is not one). */
function textFigure(data: InstanceData | AlignedData, measure: Measure, width: number): Figure {
  return isAligned(data)
    ? alignedFigureParts(data, { measure: isByteMeasure(measure) ? measure : "bits_diff", width })
    : instanceFigureParts(data, { measure, width });
}

/**
 * The static picture of a corpus view: the two models' legend over the
 * global histogram (outliers as stripes), the texts the live view lists
 * first (each model's, with significance columns), and, for
 * the combined view, the selected text's instance figure below them.
 */
export function corpusPicture(data: CorpusData, o: ResolvedCorpusViewOptions, selected?: InstanceData | AlignedData): string {
  const ro = renderOptions({
    measure: o.measure,
    agg: o.agg,
    order: o.order,
    rankBy: o.rankBy,
    width: o.width,
    plotHeight: 120,
    bins: 50,
    outliers: 10,
  });
  const values = corpusValues(data, ro);
  const scale = globalHistogramScale(values, ro);
  const parts: Figure[] = [
    title(visibleText(`LMdiff · ${data.dataset} · ${data.text.length} texts · ${MEASURE_INFO[o.measure].label}`), o.width),
    legendFigure(o.measure, data.models, scale, o.width),
    globalHistogramFigure(data, ro, values),
    ...listFigures(data, values, o, (v) => scale.color(v)),
  ];
  if (selected) {
    parts.push(title(`text #${selected.index}`, o.width));
    parts.push(textFigure(selected, o.measure, o.width));
  }
  return opaque(stackFigures(parts, o.width, GAP));
}
