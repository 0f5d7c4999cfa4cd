import { FixedSizeList, type Schema, type Table } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import type { TokenScores } from "../core/measures.js";
import type { CacheMeta } from "./AnalysisCache.js";

/**
 * Checks that an analysis cache holds what lmdiff wrote, run when a cache
 * is opened.  A file can carry lmdiff's metadata and still hold nonsense
 * (a column of the wrong type, flipped bytes, a writer with a bug); without
 * these checks such a cache opens fine and every comparison built on it is
 * silently wrong.  Each problem is reported as one line that names the
 * file, the column and the first bad row.
 */

/** The flat columns of a cache, as AnalysisCache holds them. */
export interface CacheColumns {
  doc: Int32Array;
  pos: Int32Array;
  token: Int32Array;
  scores: TokenScores;
}

function corrupted(file: string, what: string): LmdiffError {
  return new LmdiffError(`${file}: ${what}; the cache is corrupted — delete it and run the analysis again`, "bad-cache");
}

/**
 * Metadata numbers and enums.  n_docs is at least 1, as datasets without
 * texts are refused before any analysis.
 */
export function validateCacheMeta(file: string, metadata: Map<string, string>, meta: CacheMeta): void {
  const count = (key: string, value: number | undefined, min: number) => {
    if (value === undefined) return;
    if (!Number.isSafeInteger(value) || value < min)
      throw corrupted(file, `metadata ${key} is ${JSON.stringify(metadata.get(key))} (expected an integer ≥ ${min})`);
  };
  count("lmdiff.n_docs", meta.nDocs, 1);
  count("lmdiff.top_k", meta.topK, 1);
  count("lmdiff.vocab_size", meta.vocabSize, 1);
  if (meta.modelKind !== "causal" && meta.modelKind !== "masked")
    throw corrupted(file, `metadata lmdiff.model_kind is ${JSON.stringify(meta.modelKind)} (expected causal or masked)`);
  if (meta.vocabSize !== undefined && meta.topK > meta.vocabSize)
    throw corrupted(file, `metadata lmdiff.top_k is ${meta.topK}, more than lmdiff.vocab_size ${meta.vocabSize}`);
}

/** A semantic version's numbers ("1.2.3", "0.4.0-rc.1", "1.0.0+build"); null when the text is not one. */
export function parseVersion(v: string): { major: number; minor: number; patch: number } | null {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : null;
}

/**
 * The release line of a version, inside which releases stay compatible
 * (semantic versioning as npm's caret ranges read it): the major version,
 * or "0.minor" before 1.0.0, where a minor release may break things.
 */
function releaseLine(v: { major: number; minor: number }): [number, number] {
  return v.major > 0 ? [v.major, 0] : [0, v.minor];
}

/**
 * Whether this lmdiff may read a cache, from the version and format the
 * cache records.  The rule (semantic versioning):
 *  - a cache of the same release line (same major; same 0.minor before
 *    1.0.0) is read, newer patches and minors included, since such
 *    releases only add (a later one may add columns or metadata, which are
 *    ignored);
 *  - a cache of an older release line is read: the format name below is
 *    what records a change of layout, and this lmdiff reads its format;
 *  - a cache of a newer release line, or in a newer format, is refused
 *    with one line that names the version that wrote it and says to
 *    upgrade lmdiff or to run the analysis again (`--force` replaces the
 *    file);
 *  - a version that is not a semantic version means a damaged cache.
 * Other formats are left to the metadata check ("not an lmdiff cache").
 */
export function validateCacheVersion(file: string, metadata: Map<string, string>, reader: { format: string; version: string }): void {
  const written = metadata.get("lmdiff.version");
  const format = metadata.get("lmdiff.format");
  const [formatName, readerFormat] = reader.format.split("/");
  const formatNumber = format?.startsWith(`${formatName}/`) ? Number(format.slice(formatName.length + 1)) : NaN;
  const again = "or run the analysis again with --force (force: true), which replaces it";
  if (Number.isInteger(formatNumber) && formatNumber > Number(readerFormat))
    throw new LmdiffError(
      `${file} was written by lmdiff ${written ?? "(version not recorded)"} in cache format ${formatNumber}, which this lmdiff ${reader.version} cannot read (it reads format ${readerFormat}); upgrade lmdiff, ${again}`,
      "incompatible-cache",
    );
  if (format !== reader.format || written === undefined) return;
  const w = parseVersion(written);
  if (!w) throw corrupted(file, `metadata lmdiff.version is ${JSON.stringify(written)} (expected a version such as 0.1.0)`);
  const r = parseVersion(reader.version);
  if (!r) throw new Error(`lmdiff's own version ${JSON.stringify(reader.version)} is not a semantic version`);
  const [wa, wb] = releaseLine(w);
  const [ra, rb] = releaseLine(r);
  if (wa > ra || (wa === ra && wb > rb)) {
    const line = wa > 0 ? `${wa}.x` : `0.${wb}.x`;
    throw new LmdiffError(
      `${file} was written by lmdiff ${written}, a newer release than this lmdiff ${reader.version} can read; upgrade lmdiff to ${line} (npm install lmdiff@${line.replace(".x", "")}), ${again}`,
      "incompatible-cache",
    );
  }
}

/**
 * Every expected column is present with exactly the expected Arrow type
 * (types compared by their full description, so Float64 for Float32 or a
 * FixedSizeList of another size is caught), and columns declared
 * non-nullable hold no nulls.  Extra columns are ignored, so that a later
 * version may add some.
 */
export function validateCacheSchema(file: string, table: Table, expected: Schema): void {
  validateCacheFields(file, table.schema, expected, (name) => firstNull(table, name));
}

/**
 * validateCacheSchema for a file read without loading it (see
 * CacheReader): the types from its schema, and `firstNull(name)`, the first
 * row of a column that is null or holds a null list item (−1 for none).
 */
export function validateCacheFields(file: string, schema: Schema, expected: Schema, firstNull: (name: string) => number): void {
  for (const field of expected.fields) {
    const column = schema.fields.find((f) => f.name === field.name);
    if (!column) throw corrupted(file, `column ${field.name} is missing`);
    const actual = String(column.type);
    if (actual !== String(field.type)) throw corrupted(file, `column ${field.name} has type ${actual} (expected ${String(field.type)})`);
    if (field.nullable) continue;
    const row = firstNull(field.name);
    if (row >= 0) throw corrupted(file, `column ${field.name} holds null at row ${row} (expected no nulls)`);
  }
}

/** The first row of a table's column that is null or holds a null list item, or −1. */
function firstNull(table: Table, name: string): number {
  const vec = table.getChild(name)!;
  // A null among a list's items is as bad as a null list: the flat arrays would read garbage there.
  const width = vec.type instanceof FixedSizeList ? vec.type.listSize : 0;
  let row = 0;
  for (const data of vec.data) {
    const items = width ? data.children[0] : null;
    if (data.nullCount > 0 || (items && items.nullCount > 0)) {
      for (let i = 0; i < data.length; i++) {
        let bad = !data.getValid(i);
        for (let j = 0; !bad && items && j < width; j++) bad = !items.getValid((data.offset + i) * width + j);
        if (bad) return row + i;
      }
    }
    row += data.length;
  }
  return -1;
}

/**
 * Tolerance of comparisons between float32 numbers that lmdiff computes
 * from the same value: prob against exp(logprob), and a top-k probability
 * against the probability of the same log-probability.  The writer stores
 * prob = fround(exp(logprob)) with exp in float64, so the stored value is
 * within half a float32 ulp (2⁻²⁴ ≈ 6e−8 relative) of exp(logprob) for
 * normal numbers and within 2⁻¹⁵⁰ absolute for subnormal ones (below about
 * 1.2e−38, where float32 loses relative precision).  A relative 1e−4
 * (about 1,600 ulps, room even for a writer with a few-ulp float32 exp)
 * plus an absolute 1e−40 is never reached by rounding, while any flipped
 * exponent or high mantissa bit is far outside it.
 */
const REL = 1e-4;
const ABS = 1e-40;
const near = (a: number, b: number) => Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b)) + ABS;

/**
 * Probabilities may exceed 1 by a hair: onnxruntime's vectorised exp is an
 * approximation, so the log-softmax of the top token can come out a few
 * float32 ulps above 0.  1e−6 is about 8 ulps of 1 (and the same margin
 * above 0 for log-probabilities).
 */
const PROB_MAX = 1 + 1e-6;
const LOGPROB_MAX = 1e-6;
/**
 * Entropy is a sum over the vocabulary in float32; for a near-certain
 * prediction its true value is about 0 and rounding can make it slightly
 * negative.  It is bounded above by ln(vocabulary size); the slack allows
 * for float32 accumulation over tens of thousands of terms.
 */
const ENTROPY_MIN = -1e-4;
const entropyMax = (vocab: number) => Math.log(vocab) * 1.01 + 1e-3;

/**
 * Where a run of rows starts in its cache, for checking a cache a chunk at
 * a time (see CacheReader): the index of its first row, and the document
 * and position of the row before it (doc −1 at the start of the file; pos
 * −1 after a placeholder row).
 */
export interface RowsBefore {
  row: number;
  doc: number;
  pos: number;
}

/**
 * The values, in one pass over the flat arrays: documents in order with
 * positions counting up from 0, token ids in range (−1 only on the
 * placeholder row of a document without tokens), ranks, probabilities,
 * entropies and top-k lists within their ranges and consistent with each
 * other.  The placeholder's other values are never read, so they are not
 * checked.
 *
 * The rows may be a chunk of the cache that starts after `before` (rows
 * are then named by their index in the file); the check that they cover
 * every document is made on the last chunk (`last`).  Returns where the
 * next chunk starts.
 */
export function validateCacheValues(
  file: string,
  meta: CacheMeta,
  cols: CacheColumns,
  before: RowsBefore = { row: 0, doc: -1, pos: -1 },
  last = true,
): RowsBefore {
  const { doc, pos, token } = cols;
  const { prob, logprob, rank, entropy, topkIds, topkProbs } = cols.scores;
  const k = meta.topK;
  const V = meta.vocabSize ?? Infinity;
  const hMax = meta.vocabSize === undefined ? Infinity : entropyMax(meta.vocabSize);
  const n = doc.length;
  const show = (v: number) => (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(7))));
  const fail = (column: string, value: number, r: number, expected: string, entry = -1): never => {
    const row = before.row + r;
    const at = entry < 0 ? `row ${row}` : `row ${row}, entry ${entry}`;
    throw corrupted(file, `column ${column} holds ${show(value)} at ${at} (expected ${expected})`);
  };
  const idRange = meta.vocabSize === undefined ? "≥ 0" : `from 0 to ${meta.vocabSize - 1}`;
  let lastDoc = before.doc;
  let lastPos = before.pos;
  for (let r = 0; r < n; r++) {
    const d = doc[r];
    const p = pos[r];
    const newDoc = d !== lastDoc;
    if (newDoc && d !== lastDoc + 1)
      fail("doc", d, r, `${lastDoc >= 0 ? `${lastDoc} or ` : ""}${lastDoc + 1}: documents are stored in order, each with at least one row`);
    if (d >= meta.nDocs) fail("doc", d, r, `a document index below n_docs = ${meta.nDocs}`);
    // A placeholder row is alone in its document: checked at the row after it, which may be in the next chunk.
    if (!newDoc && lastPos === -1) fail("doc", d, r, `${d + 1}: document ${d} has a placeholder row, so no other rows`);
    if (p === -1) {
      // The placeholder row of a document without tokens: alone in its document, token −1.
      if (!newDoc) fail("pos", p, r, `${lastPos + 1}: −1 marks the only row of a document without tokens`);
      if (token[r] !== -1) fail("token", token[r], r, "−1 on a placeholder row (pos −1)");
      lastDoc = d;
      lastPos = -1;
      continue;
    }
    const expectedPos = newDoc ? 0 : lastPos + 1;
    if (p !== expectedPos) fail("pos", p, r, `${expectedPos}: positions count up from 0 within a document`);
    lastDoc = d;
    lastPos = p;
    const t = token[r];
    if (!(t >= 0 && t < V)) fail("token", t, r, `a token id ${idRange}`);
    const pr = prob[r];
    if (!(pr >= 0 && pr <= PROB_MAX)) fail("prob", pr, r, "a probability from 0 to 1");
    const lp = logprob[r];
    if (!(lp <= LOGPROB_MAX)) fail("logprob", lp, r, "a log-probability ≤ 0");
    const e = Math.exp(lp);
    if (!near(pr, e)) fail("prob", pr, r, `exp(logprob) = ${show(e)}, with logprob ${show(lp)}`);
    const rk = rank[r];
    if (!(rk >= 1 && rk <= V))
      fail("rank", rk, r, meta.vocabSize === undefined ? "an integer ≥ 1" : `an integer from 1 to ${meta.vocabSize}`);
    const h = entropy[r];
    const range = meta.vocabSize === undefined ? "an entropy ≥ 0" : `an entropy from 0 to ln(${meta.vocabSize})`;
    if (meta.entropy === "bounds") {
      // Not measured (a remote server's top-k only): NaN, and a range that holds it.
      const bounds = cols.scores.entropyBounds;
      if (!bounds) throw corrupted(file, "lmdiff.entropy says bounds, but the columns entropy_lower and entropy_upper are missing");
      if (!Number.isNaN(h))
        fail("entropy", h, r, "NaN: lmdiff.entropy says the entropy was not measured (see entropy_lower, entropy_upper)");
      const lo = bounds.lower[r];
      const hi = bounds.upper[r];
      if (!(lo >= ENTROPY_MIN && lo <= hMax)) fail("entropy_lower", lo, r, range);
      if (!(hi >= lo - 1e-4 && hi <= hMax)) fail("entropy_upper", hi, r, `${range}, at least entropy_lower (${show(lo)})`);
    } else if (!(h >= ENTROPY_MIN && h <= hMax)) fail("entropy", h, r, range);
    const o = r * k;
    let prev = Infinity;
    for (let j = 0; j < k; j++) {
      const id = topkIds[o + j];
      if (!(id >= 0 && id < V)) fail("topk_ids", id, r, `a token id ${idRange}`, j);
      const q = topkProbs[o + j];
      if (!(q >= 0 && q <= PROB_MAX)) fail("topk_probs", q, r, "a probability from 0 to 1", j);
      if (q > prev && !near(q, prev))
        fail("topk_probs", q, r, `at most ${show(prev)}: each list is sorted by probability, largest first`, j);
      prev = q;
    }
    // The rank counts strictly larger logits and the list holds the k largest
    // log-probabilities of the same softmax, so the entry at position rank − 1
    // is the token's own probability when rank ≤ k, and the last entry is at
    // least that probability when rank > k (see statsGraph).
    if (rk <= k ? !near(topkProbs[o + rk - 1], pr) : pr > topkProbs[o + k - 1] && !near(pr, topkProbs[o + k - 1]))
      fail(
        "rank",
        rk,
        r,
        rk <= k ? `the position of prob ${show(pr)} in the top-k list` : `a rank ≤ ${k}, as prob ${show(pr)} is in the top-k list`,
      );
  }
  if (last && lastDoc !== meta.nDocs - 1)
    throw corrupted(file, `the rows cover ${lastDoc + 1} documents but metadata lmdiff.n_docs says ${meta.nDocs}`);
  return { row: before.row + n, doc: lastDoc, pos: lastPos };
}
