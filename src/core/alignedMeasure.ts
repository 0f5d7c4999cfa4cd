import type { AlignedData } from "./AlignedData.js";
import { LmdiffError } from "./LmdiffError.js";
import { BYTE_MEASURES, isByteMeasure, type Measure } from "./measures.js";

/**
 * One value per character of a byte-aligned comparison: bits_diff (bits₂ −
 * bits₁), bits_1 or bits_2.  Token measures are refused in one line: the
 * two models' tokens differ, so a token has no counterpart.
 */
export function alignedMeasure(data: AlignedData, name: Measure): Float64Array {
  if (!isByteMeasure(name))
    throw new LmdiffError(
      `${name} needs the two models to share a tokenizer; ${data.models[0].name} and ${data.models[1].name} do not, so they are compared on characters: use ${BYTE_MEASURES.join(", ")}`,
      "bad-option",
    );
  if (name === "bits_1") return data.bits1.slice();
  if (name === "bits_2") return data.bits2.slice();
  const out = new Float64Array(data.chars.length);
  for (let i = 0; i < out.length; i++) out[i] = data.bits2[i] - data.bits1[i];
  return out;
}
