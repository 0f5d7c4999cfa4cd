import { instanceMeasure } from "../core/instanceMeasure.js";
import type { InstanceData } from "../core/InstanceData.js";
import { colorScale, textColorOn, type ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { emptyMarks, markedText, type Marks } from "./marks.js";
import { el, svgRoot, type Figure } from "./svg.js";
import { tokenLayout, type TokenLayout } from "./tokenLayout.js";
import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { alignedStrip } from "./alignedStrip.js";

export const MONO_FONT = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/**
 * The text as a strip of coloured boxes, one per token, coloured by the
 * measure.  Every token's elements sit in a <g data-i="i"> so that a widget
 * can find the token under the pointer with `closest("[data-i]")` and
 * highlight it with a CSS rule, without re-rendering.  `layout` may be
 * passed when the caller already has it (the widget keeps it for keyboard
 * navigation), so it is not computed twice.
 */
export function tokenStripFigure(
  data: InstanceData,
  values: ArrayLike<number>,
  scale: ColorScale,
  o: RenderOptions,
  layout: TokenLayout = tokenLayout(data.tokens, data.partial, o),
): Figure {
  const marks = emptyMarks();
  if (data.tokens.length === 0) {
    const body = markedText(marks, { x: 0, y: 14, "font-size": 12, fill: "currentColor" }, "(no tokens)");
    return { width: o.width, height: 20, body, marks };
  }
  const parts = tokenGroups(data, values, scale, layout, 0, layout.boxes.length, 0, marks, o.fontSize);
  const h = layout.lineHeight - 4;
  if (o.highlight !== null) {
    for (const b of layout.boxes)
      if (b.i === o.highlight)
        parts.push(
          el("rect", {
            class: "tok-highlight",
            x: b.x - 1,
            y: b.y,
            width: b.w + 2,
            height: h + 2,
            rx: 3,
            fill: "none",
            stroke: "currentColor",
            "stroke-width": 2,
          }),
        );
  }
  return { width: o.width, height: layout.height, body: stripGroup(parts, o), marks };
}

/**
 * The same strip cut into bands of `linesPerBand` lines, each a Figure of
 * its own starting at y = 0, which stacked top to bottom draw exactly
 * tokenStripFigure (without a highlight).  A widget puts each band in a box
 * of its own that the browser can skip laying out and painting while it is
 * scrolled out of view (CSS content-visibility), which is most of a long
 * text's first-render cost.  A token whose text holds a newline may have
 * boxes in two bands; both carry its data-i.
 */
export function tokenStripBands(
  data: InstanceData,
  values: ArrayLike<number>,
  scale: ColorScale,
  o: RenderOptions,
  linesPerBand: number,
  layout: TokenLayout = tokenLayout(data.tokens, data.partial, o),
): Figure[] {
  if (data.tokens.length === 0) return [tokenStripFigure(data, values, scale, o, layout)];
  const bandH = Math.max(1, Math.floor(linesPerBand)) * layout.lineHeight;
  const boxes = layout.boxes;
  const bands: Figure[] = [];
  let k = 0;
  for (let top = 0; top < layout.height; top += bandH) {
    const k0 = k;
    while (k < boxes.length && boxes[k].y < top + bandH) k++;
    const marks = emptyMarks();
    const parts = tokenGroups(data, values, scale, layout, k0, k, top, marks, o.fontSize);
    bands.push({ width: o.width, height: Math.min(bandH, layout.height - top), body: stripGroup(parts, o), marks });
  }
  return bands;
}

function stripGroup(parts: string[], o: RenderOptions): string {
  return el("g", { class: "lmdiff-strip", "font-family": MONO_FONT, "font-size": o.fontSize, "xml:space": "preserve" }, parts);
}

/** The <g class="tok"> groups of boxes k0 to k1 (exclusive), moved up by dy; their text, in the strip group's font, goes into `marks`. */
function tokenGroups(
  data: InstanceData,
  values: ArrayLike<number>,
  scale: ColorScale,
  layout: TokenLayout,
  k0: number,
  k1: number,
  dy: number,
  marks: Marks,
  fontSize: number,
): string[] {
  const h = layout.lineHeight - 4;
  const baseline = Math.round(h * 0.72);
  // Fills repeat (a colour scale has a few hundred distinct colours at most), so their text colour is looked up once each.
  const textColor = new Map<string, string>();
  const parts: string[] = [];
  const boxes = layout.boxes;
  let k = k0;
  // Group the boxes of one token (a token with newlines has several).
  while (k < k1) {
    const i = boxes[k].i;
    const v = values[i];
    const fill = scale.color(v);
    const dashed = scale.dashed(v);
    let tc = textColor.get(fill);
    if (tc === undefined) textColor.set(fill, (tc = textColorOn(fill)));
    const label = `token ${i + 1}: ${JSON.stringify(data.tokens[i])}, ${formatValue(v)}`;
    let inner = "";
    for (; k < k1 && boxes[k].i === i; k++) {
      const b = boxes[k];
      inner += el("rect", {
        x: b.x,
        y: b.y - dy + 1,
        width: b.w,
        height: h,
        rx: 2,
        fill,
        stroke: dashed ? "#111111" : null,
        "stroke-dasharray": dashed ? "3 2" : null,
      });
      if (!b.partial && b.text !== "")
        inner += markedText(marks, { x: b.x + layout.pad, y: b.y - dy + 1 + baseline, fill: tc }, b.text, { fontSize, mono: true });
    }
    parts.push(el("g", { class: data.partial[i] ? "tok partial" : "tok", "data-i": i, "aria-label": label }, inner));
  }
  return parts;
}

/**
 * Standalone SVG of the token strip; of a text read by two tokenizers
 * (AlignedData), both segmentations over its characters (alignedStrip).
 */
export function tokenStrip(data: InstanceData | AlignedData, options: RenderOptionsInput = {}): string {
  if (isAligned(data)) return alignedStrip(data, options);
  const o = renderOptions(options);
  const values = instanceMeasure(data, o.measure);
  const scale = colorScale(o.measure, values, o, data.k);
  return svgRoot(tokenStripFigure(data, values, scale, o));
}
