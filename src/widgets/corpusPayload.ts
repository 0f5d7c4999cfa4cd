import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceJSON } from "../core/instanceJson.js";

/**
 * The JSON form of a corpus comparison that a notebook or server sends to
 * the widgets: columns as plain arrays (null for a missing value) or as
 * base64 of little-endian float64 bytes, plus, optionally, the instances of
 * the outliers so that they can be shown without a model.
 */
export interface CorpusPayload {
  kind: "corpus";
  models: CorpusData["models"];
  dataset: string;
  index: number[];
  text: string[];
  nTokens: number[];
  values: Record<string, (number | null)[] | string>;
  instances?: Record<string, InstanceJSON>;
}

export function isCorpusPayload(x: unknown): x is CorpusPayload {
  return typeof x === "object" && x !== null && (x as CorpusPayload).kind === "corpus";
}

function float64Column(c: (number | null)[] | string): Float64Array {
  if (typeof c !== "string") return Float64Array.from(c, (v) => (v === null ? NaN : v));
  const bin = atob(c);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

export function corpusFromPayload(p: CorpusPayload): CorpusData {
  const values: Record<string, Float64Array> = {};
  for (const [k, c] of Object.entries(p.values)) values[k] = float64Column(c);
  return {
    models: p.models,
    dataset: p.dataset,
    index: Int32Array.from(p.index),
    text: p.text,
    nTokens: Int32Array.from(p.nTokens),
    values,
  };
}
