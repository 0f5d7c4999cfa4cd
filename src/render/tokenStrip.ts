import { computeMeasure } from "../core/measures.js";
import type { InstanceData } from "../core/InstanceData.js";
import { colorScale, textColorOn, type ColorScale } from "./colorScale.js";
import { formatValue } from "./formatValue.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";
import { el, svgRoot, text, type Figure } from "./svg.js";
import { tokenLayout } from "./tokenLayout.js";

export const MONO_FONT = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/**
 * The text as a strip of coloured boxes, one per token, coloured by the
 * measure.  Every token's elements sit in a <g data-i="i"> so that a widget
 * can find the token under the pointer with `closest("[data-i]")` and
 * highlight it with a CSS rule, without re-rendering.
 */
export function tokenStripFigure(
  data: InstanceData,
  values: ArrayLike<number>,
  scale: ColorScale,
  o: RenderOptions,
): Figure {
  const layout = tokenLayout(data.tokens, data.partial, o);
  const h = layout.lineHeight - 4;
  const baseline = Math.round(h * 0.72);
  // Group the boxes of one token (a token with newlines has several).
  const parts: string[] = [];
  let k = 0;
  const boxes = layout.boxes;
  while (k < boxes.length) {
    const i = boxes[k].i;
    const v = values[i];
    const fill = scale.color(v);
    const inner: string[] = [];
    const label = `token ${i + 1}: ${JSON.stringify(data.tokens[i])}, ${formatValue(v)}`;
    for (; k < boxes.length && boxes[k].i === i; k++) {
      const b = boxes[k];
      inner.push(
        el("rect", {
          x: b.x,
          y: b.y + 1,
          width: b.w,
          height: h,
          rx: 2,
          fill,
          stroke: scale.dashed(v) ? "#111111" : null,
          "stroke-dasharray": scale.dashed(v) ? "3 2" : null,
        }),
      );
      if (!b.partial && b.text !== "")
        inner.push(text({ x: b.x + layout.pad, y: b.y + 1 + baseline, fill: textColorOn(fill) }, b.text));
    }
    parts.push(el("g", { class: data.partial[i] ? "tok partial" : "tok", "data-i": i, "aria-label": label }, inner));
  }
  if (o.highlight !== null) {
    for (const b of boxes)
      if (b.i === o.highlight)
        parts.push(el("rect", { class: "tok-highlight", x: b.x - 1, y: b.y, width: b.w + 2, height: h + 2, rx: 3, fill: "none", stroke: "currentColor", "stroke-width": 2 }));
  }
  if (data.tokens.length === 0)
    return { width: o.width, height: 20, body: text({ x: 0, y: 14, "font-size": 12, fill: "currentColor" }, "(no tokens)") };
  return {
    width: o.width,
    height: layout.height,
    body: el(
      "g",
      { class: "lmdiff-strip", "font-family": MONO_FONT, "font-size": o.fontSize, "xml:space": "preserve" },
      parts,
    ),
  };
}

/** Standalone SVG of the token strip. */
export function tokenStrip(data: InstanceData, options: RenderOptionsInput = {}): string {
  const o = renderOptions(options);
  const values = computeMeasure(o.measure, data.m1, data.m2, data.k, data.maxClampRank);
  const scale = colorScale(o.measure, values, o, data.k);
  return svgRoot(tokenStripFigure(data, values, scale, o));
}
