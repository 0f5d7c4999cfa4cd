import { AGGREGATIONS, type Aggregation } from "./aggregate.js";
import { LmdiffError } from "./LmdiffError.js";
import { BYTE_MEASURES, CORPUS_MEASURES, DIFF_MEASURES, MEASURES, type CorpusMeasure, type DiffMeasure, type Measure } from "./measures.js";

/**
 * Options are validated here, in one place, so that every entry point
 * (API, CLI, server, widgets) rejects bad input with the same one-line
 * message naming the option, the bad value and what is allowed, and falls
 * back to the same defaults.
 *
 * One option, one spelling: the size of the per-token top-k lists is
 * `topK` in the API and the server's options and `--top-k` on the command
 * line; `k` is only ever how many texts `top()` (and /api/suggestions)
 * returns.
 */

/** Size of the per-token top-k lists a comparison records. */
export const DEFAULT_TOP_K = 10;
/** Cap C of clamped_rank_diff: min(rank₂, C) − min(rank₁, C). */
export const DEFAULT_MAX_CLAMP_RANK = 50;
/** How many texts top() returns, and how many outliers /api/suggestions lists. */
export const DEFAULT_TOP_TEXTS = 50;
/** Bins of a corpus histogram. */
export const DEFAULT_BINS = 40;

/**
 * Reject options that are not a plain object, and any key outside
 * `allowed`: a misspelt option would otherwise be ignored without a word.
 * `name` says whose options they are ("figure", "PNG", "view", …).
 */
export function checkKeys(name: string, input: unknown, allowed: Iterable<string>): asserts input is object {
  checkObject(name, input);
  const known = [...allowed];
  for (const k of Object.keys(input))
    if (!known.includes(k)) throw new LmdiffError(`unknown ${name} option "${k}" (expected one of ${known.join(", ")})`, "bad-option");
}

/** Reject options that are not a plain object (null, an array, a number …). */
export function checkObject(name: string, input: unknown): asserts input is object {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new LmdiffError(`invalid ${name} options ${JSON.stringify(input)} (expected an object)`, "bad-option");
}

export function keyword<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new LmdiffError(`unknown ${name} ${JSON.stringify(value)} (expected one of ${allowed.join(", ")})`, "bad-option");
}

/** Any measure: a token measure, or a byte measure of comparisons of two tokenizers. */
export const maybeMeasure = (v: unknown, fallback: Measure = "prob_diff"): Measure =>
  v === undefined ? fallback : keyword("measure", v, [...MEASURES, ...BYTE_MEASURES]);

export const maybeDiffMeasure = (v: unknown, fallback: DiffMeasure = "prob_diff"): DiffMeasure =>
  v === undefined ? fallback : keyword("measure", v, DIFF_MEASURES);

/** A measure with per-text columns (the difference measures and the pair measures). */
export const maybeCorpusMeasure = (v: unknown, fallback: CorpusMeasure = "prob_diff"): CorpusMeasure =>
  v === undefined ? fallback : keyword("measure", v, CORPUS_MEASURES);

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
export function maybeTopK(v: unknown, vocabSize?: number, fallback = DEFAULT_TOP_K): number {
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

/** The cap of clamped_rank_diff: an integer from 1 up. */
export const maybeMaxClampRank = (v: unknown): number => maybeInt("max clamp rank", v, DEFAULT_MAX_CLAMP_RANK, 1);

/** A finite number in [min, max]; `fallback` when undefined or null. */
export function maybeNumber(name: string, v: unknown, fallback: number, min = -Infinity, max = Infinity): number {
  if (v === undefined || v === null) return fallback;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max)
    throw new LmdiffError(
      `invalid ${name} ${JSON.stringify(v)} (expected a number${min > -Infinity ? ` from ${min}` : ""}${max < Infinity ? ` to ${max}` : ""})`,
      "bad-option",
    );
  return n;
}

/** true or false (or their strings, as a command line gives them); `fallback` when undefined or null. */
export function maybeBoolean(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw new LmdiffError(`invalid ${name} ${JSON.stringify(v)} (expected true or false)`, "bad-option");
}

/** A [lo, hi] pair of finite numbers (swapped into order), or null. */
export function maybeRange(name: string, v: unknown): [number, number] | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x))) {
    const [a, b] = v as number[];
    return a <= b ? [a, b] : [b, a];
  }
  throw new LmdiffError(`invalid ${name} ${JSON.stringify(v)} (expected [low, high] numbers or null)`, "bad-option");
}

/** A string; "" when undefined or null. */
export function maybeString(name: string, v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  throw new LmdiffError(`invalid ${name} ${JSON.stringify(v)} (expected a string)`, "bad-option");
}

/** One of `count` parts of an analysis: shard `index`, counted from 0. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * A shard, given as "i/n" (the command line) or as { index, count } (the
 * API).  Shards count from 0, so that a Kubernetes indexed Job's
 * JOB_COMPLETION_INDEX and a Slurm array `--array=0-(n-1)` give the index
 * as it is.
 */
export function maybeShard(v: unknown, name = "shard"): Shard {
  let index: unknown;
  let count: unknown;
  const m = typeof v === "string" ? /^\s*(-?\d+)\s*\/\s*(-?\d+)\s*$/.exec(v) : null;
  if (m) [index, count] = [Number(m[1]), Number(m[2])];
  else if (v !== null && typeof v === "object" && !Array.isArray(v)) ({ index, count } = v as Record<string, unknown>);
  const shown = typeof v === "string" ? JSON.stringify(v) : quoted(v);
  const int = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x);
  if (!int(index) || !int(count))
    throw new LmdiffError(`invalid ${name} ${shown} (expected i/n, shard i of n counted from 0, such as 0/4)`, "bad-option");
  if (count < 1) throw new LmdiffError(`invalid ${name} ${shown} (the number of shards must be at least 1)`, "bad-option");
  if (index < 0 || index >= count)
    throw new LmdiffError(`invalid ${name} ${shown} (the shards of ${count} are numbered 0 to ${count - 1})`, "bad-option");
  return { index, count };
}

/** A value as JSON where it has one (strings quoted), else as String() writes it (bigints, functions). */
function quoted(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
