import { base64ToBytes, bytesToBase64 } from "./base64.js";
import type { CorpusData } from "./CorpusData.js";
import type { AlignedData } from "./AlignedData.js";
import { instanceOrAlignedToJSON, type AlignedJSON } from "./alignedJson.js";
import type { InstanceData } from "./InstanceData.js";
import type { InstanceJSON } from "./instanceJson.js";

/**
 * The JSON form of a corpus comparison that a notebook or server sends to
 * the widgets: columns as plain arrays (null for a missing value) or as
 * base64 of little-endian float64 (or float32) bytes, plus, optionally,
 * the instances of the outliers so that they can be shown without a model.
 * Both sides live here, in the pure core, so that Node writes exactly what
 * the browser reads.
 */
export interface CorpusPayload {
  kind: "corpus";
  models: CorpusData["models"];
  dataset: string;
  index: number[];
  text: string[];
  nTokens: number[];
  values: Record<string, (number | null)[] | string>;
  /** How the base64 columns of `values` are stored; float64 when absent. */
  valuesType?: ValuesType;
  /** Texts the page can open without a model: token-level, or (`aligned: true`) read by two tokenizers. */
  instances?: Record<string, InstanceJSON | AlignedJSON>;
}

export function isCorpusPayload(x: unknown): x is CorpusPayload {
  return typeof x === "object" && x !== null && (x as CorpusPayload).kind === "corpus";
}

/**
 * How the base64 columns of `values` hold their numbers: little-endian
 * float64 (exact; the server's default) or float32 (half the size; a
 * notebook output carries 30 such columns per text, and the views show
 * three significant digits).  NaN, the missing value, survives both.
 */
export type ValuesType = "float64" | "float32";

function encodeColumn(col: Float64Array, type: ValuesType): string {
  return bytesToBase64(type === "float32" ? Float32Array.from(col) : col);
}

function decodeColumn(c: (number | null)[] | string, type: ValuesType): Float64Array {
  if (typeof c !== "string") return Float64Array.from(c, (v) => (v === null ? NaN : v));
  const bytes = base64ToBytes(c);
  return type === "float32" ? Float64Array.from(new Float32Array(bytes.buffer)) : new Float64Array(bytes.buffer);
}

/**
 * Encode a corpus for the browser.  `instances` are the texts the page can
 * open without a model (keyed by their corpus index): token-level, or for
 * two tokenizers on bytes.
 */
export function corpusToPayload(
  c: CorpusData,
  instances: Iterable<InstanceData | AlignedData> = [],
  options: { valuesType?: ValuesType } = {},
): CorpusPayload {
  const type = options.valuesType ?? "float64";
  const values: Record<string, string> = {};
  for (const [k, col] of Object.entries(c.values)) values[k] = encodeColumn(col, type);
  const embedded: Record<string, InstanceJSON | AlignedJSON> = {};
  for (const d of instances) embedded[String(d.index)] = instanceOrAlignedToJSON(d);
  return {
    kind: "corpus",
    models: c.models,
    dataset: c.dataset,
    index: Array.from(c.index),
    text: c.text,
    nTokens: Array.from(c.nTokens),
    values,
    // Written only when it is not the default, so the server's payloads keep their shape.
    ...(type === "float64" ? {} : { valuesType: type }),
    instances: embedded,
  };
}

export function corpusFromPayload(p: CorpusPayload): CorpusData {
  const values: Record<string, Float64Array> = {};
  for (const [k, c] of Object.entries(p.values)) values[k] = decodeColumn(c, p.valuesType ?? "float64");
  return {
    models: p.models,
    dataset: p.dataset,
    index: Int32Array.from(p.index),
    text: p.text,
    nTokens: Int32Array.from(p.nTokens),
    values,
  };
}
