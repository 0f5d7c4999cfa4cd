import { AGGREGATIONS, type Aggregation } from "./aggregate.js";
import { LmdiffError } from "./LmdiffError.js";
import { DIFF_MEASURES, MEASURES, type DiffMeasure, type Measure } from "./measures.js";

/**
 * Options are validated here, in one place, so that every entry point
 * (API, CLI, server, widgets) rejects bad input with the same one-line
 * message naming the option, the bad value and what is allowed.
 */
export function keyword<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new LmdiffError(
    `unknown ${name} ${JSON.stringify(value)} (expected one of ${allowed.join(", ")})`,
    "bad-option",
  );
}

export const maybeMeasure = (v: unknown, fallback: Measure = "prob_diff"): Measure =>
  v === undefined ? fallback : keyword("measure", v, MEASURES);

export const maybeDiffMeasure = (v: unknown, fallback: DiffMeasure = "prob_diff"): DiffMeasure =>
  v === undefined ? fallback : keyword("measure", v, DIFF_MEASURES);

export const maybeAggregation = (v: unknown, fallback: Aggregation = "mean"): Aggregation =>
  v === undefined ? fallback : keyword("aggregation", v, AGGREGATIONS);

export type Order = "abs" | "desc" | "asc";
export const maybeOrder = (v: unknown, fallback: Order = "abs"): Order =>
  v === undefined ? fallback : keyword("order", v, ["abs", "desc", "asc"] as const);

/** An integer in [min, max]; `fallback` when undefined. */
export function maybeInt(name: string, v: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined || v === null) return fallback;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new LmdiffError(
      `invalid ${name} ${JSON.stringify(v)} (expected an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"})`,
      "bad-option",
    );
  }
  return n;
}

/**
 * The size of a top-k list: an integer from 1 to the vocabulary size, since
 * a model cannot rank more entries than it has.  `vocabSize` is undefined
 * when the models are not loaded yet, so that entry points can reject a
 * malformed value before a slow model load and check the range afterwards.
 */
export function maybeTopK(v: unknown, vocabSize?: number, fallback = 10): number {
  if (v === undefined || v === null) return vocabSize === undefined ? fallback : Math.min(fallback, vocabSize);
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || (vocabSize !== undefined && n > vocabSize)) {
    // A number typed on the command line arrives as a string: show it as the user wrote it.
    const numeric = typeof v === "number" || (typeof v === "string" && Number.isFinite(n));
    const shown = numeric ? String(v) : quoted(v);
    const allowed = vocabSize === undefined ? "from 1 up" : `from 1 to ${vocabSize}, the vocabulary size`;
    throw new LmdiffError(`invalid top-k ${shown} (expected an integer ${allowed})`, "bad-option");
  }
  return n;
}

/** A value as JSON where it has one (strings quoted), else as String() writes it (bigints, functions). */
function quoted(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
