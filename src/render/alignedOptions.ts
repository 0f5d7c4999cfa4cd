import type { AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { isByteMeasure, type ByteMeasure } from "../core/measures.js";
import { renderOptions, type RenderOptions, type RenderOptionsInput } from "./renderOptions.js";

/** Render options of a byte-aligned comparison: the measure is a byte measure. */
export type AlignedRenderOptions = RenderOptions & { measure: ByteMeasure };

/**
 * Normalise render options for a text read by two tokenizers: as
 * renderOptions does, but the measure defaults to bits_diff (the token
 * measures' default, prob_diff, has no meaning here), and a token measure
 * is refused with core's one-line error that names the byte measures.
 */
export function alignedRenderOptions(data: AlignedData, input: RenderOptionsInput = {}): AlignedRenderOptions {
  const o = renderOptions({ ...input, measure: input.measure ?? "bits_diff" });
  // alignedMeasure throws the error that says why and what to use instead.
  if (!isByteMeasure(o.measure)) alignedMeasure(data, o.measure);
  return o as AlignedRenderOptions;
}
