import type { CorpusData } from "./CorpusData.js";
import type { InstanceData } from "./InstanceData.js";
import { instanceToJSON, type InstanceJSON } from "./instanceJson.js";

/**
 * The JSON form of a corpus comparison that a notebook or server sends to
 * the widgets: columns as plain arrays (null for a missing value) or as
 * base64 of little-endian float64 bytes, plus, optionally, the instances of
 * the outliers so that they can be shown without a model.  Both sides live
 * here, in the pure core, so that Node writes exactly what the browser
 * reads.
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

// Base64 of a column's bytes: exact (NaN included) and about a third of the
// size of a JSON list of doubles.  Buffer in Node, btoa in browsers.
function float64ToBase64(a: Float64Array): string {
  const copy = Float64Array.from(a); // little-endian bytes of an aligned, unshared buffer
  const bytes = new Uint8Array(copy.buffer);
  if (typeof Buffer !== "undefined") return Buffer.from(bytes).toString("base64");
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function float64Column(c: (number | null)[] | string): Float64Array {
  if (typeof c !== "string") return Float64Array.from(c, (v) => (v === null ? NaN : v));
  const bin = atob(c);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

/**
 * Encode a corpus for the browser.  `instances` are the token-level views
 * the page can open without a model (keyed by their corpus index).
 */
export function corpusToPayload(c: CorpusData, instances: Iterable<InstanceData> = []): CorpusPayload {
  const values: Record<string, string> = {};
  for (const [k, col] of Object.entries(c.values)) values[k] = float64ToBase64(col);
  const embedded: Record<string, InstanceJSON> = {};
  for (const d of instances) embedded[String(d.index)] = instanceToJSON(d);
  return {
    kind: "corpus",
    models: c.models,
    dataset: c.dataset,
    index: Array.from(c.index),
    text: c.text,
    nTokens: Array.from(c.nTokens),
    values,
    instances: embedded,
  };
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
