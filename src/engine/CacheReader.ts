import * as fs from "node:fs";
import { FixedSizeList, type DataType } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import type { TokenScores } from "../core/measures.js";
import { cacheSchema, readCacheMeta, type CacheMeta } from "./AnalysisCache.js";
import { ArrowFileReader } from "./ArrowFileReader.js";
import { validateCacheFields, validateCacheValues, type RowsBefore } from "./validateCache.js";

/**
 * Rows read at once by default: about 1.8 MB of columns at top-k 10 (108
 * bytes a row), enough that reading costs little against comparing.
 * Larger chunks do not read faster, and their short-lived arrays would
 * grow the garbage the JavaScript heap holds between collections.
 */
export const CHUNK_ROWS = 1 << 14;

/** The fixed-width columns of a cache that CacheReader reads (with the entropy bounds, where the cache has them). */
const COLUMNS = ["doc", "pos", "token", "prob", "logprob", "rank", "entropy", "topk_ids", "topk_probs"] as const;
const BOUNDS = ["entropy_lower", "entropy_upper"] as const;
type Column = (typeof COLUMNS)[number] | (typeof BOUNDS)[number];

/**
 * Whole documents of a cache, consecutive, as CacheReader.chunks gives
 * them: the same views of a document's rows and the same texts as
 * AnalysisCache gives, valid until the next chunk is read.
 */
export class CacheChunk {
  constructor(
    /** The first document. */
    readonly firstDoc: number,
    /** Where each document's rows start in the file, and where the last one ends (rows[firstDoc + i] = starts[i]). */
    readonly starts: Int32Array,
    private readonly k: number,
    private readonly values: Record<Column, Int32Array | Float32Array | undefined>,
    private readonly texts: string[],
  ) {}

  /** The number of documents. */
  get length(): number {
    return this.starts.length - 1;
  }

  /** The first row of the chunk in the file. */
  get firstRow(): number {
    return this.starts[0];
  }

  /** The end of the chunk's rows in the file. */
  get endRow(): number {
    return this.starts[this.starts.length - 1];
  }

  /** The doc column of the chunk's rows. */
  get doc(): Int32Array {
    return this.values.doc as Int32Array;
  }

  /** Row range [start, end) of document d in the file (empty for a document without tokens), as AnalysisCache.range. */
  range(d: number): [number, number] {
    const i = d - this.firstDoc;
    const s = this.starts[i];
    return (this.values.token as Int32Array)[s - this.firstRow] < 0 ? [s, s] : [s, this.starts[i + 1]];
  }

  text(d: number): string {
    return this.texts[d - this.firstDoc];
  }

  /** Views of document d's token ids and scores, as AnalysisCache.docScores. */
  docScores(d: number): { ids: Int32Array; scores: TokenScores } {
    const [rs, re] = this.range(d);
    const s = rs - this.firstRow;
    const e = re - this.firstRow;
    const k = this.k;
    const v = this.values;
    const f32 = (c: Column) => (v[c] as Float32Array).subarray(s, e);
    return {
      ids: (v.token as Int32Array).subarray(s, e),
      scores: {
        prob: f32("prob"),
        logprob: f32("logprob"),
        rank: (v.rank as Int32Array).subarray(s, e),
        entropy: f32("entropy"),
        topkIds: (v.topk_ids as Int32Array).subarray(s * k, e * k),
        topkProbs: (v.topk_probs as Float32Array).subarray(s * k, e * k),
        ...(v.entropy_lower ? { entropyBounds: { lower: f32("entropy_lower"), upper: f32("entropy_upper") } } : {}),
      },
    };
  }
}

/**
 * An analysis cache read a chunk of documents at a time, from the file,
 * with the same checks as AnalysisCache.open: its metadata, schema and
 * nulls when it is opened (from the footer and batch metadata alone), and
 * its values chunk by chunk as they are read, so that a damaged file gives
 * the same one-line errors.  Memory is a chunk's rows, whatever the size
 * of the cache, which is what lets two caches of tens of millions of
 * tokens be compared (see compareCacheFiles).
 */
export class CacheReader {
  readonly meta: CacheMeta;
  /** Why the file cannot be read in chunks (compressed batches), or null; read it with AnalysisCache then. */
  readonly unsupported: string | null;
  private readonly columns: readonly Column[];

  private constructor(
    readonly path: string,
    private readonly file: ArrowFileReader,
  ) {
    const schema = file.schema;
    this.meta = readCacheMeta(path, schema.metadata);
    const expected = cacheSchema(this.meta);
    validateCacheFields(path, schema, expected, (name) => file.firstNull(name));
    this.columns = this.meta.entropy === "bounds" ? [...COLUMNS, ...BOUNDS] : COLUMNS;
    this.unsupported = [...this.columns, "text"].map((c) => file.columnProblem(c)).find((p) => p !== null) ?? null;
  }

  /** Open a cache file: a missing, truncated, corrupted or foreign file gets the error AnalysisCache.open gives. */
  static open(file: string): CacheReader {
    if (!fs.existsSync(file)) throw new LmdiffError(`no cache at ${file} (run lmdiff analyze first)`, "not-found", 404);
    const reader = ArrowFileReader.open(file, {
      notArrow: () => new LmdiffError(`${file} is not an Arrow IPC file (not an lmdiff cache)`, "bad-cache"),
      truncated: () => new LmdiffError(`${file} is truncated (no Arrow footer); delete it and run the analysis again`, "bad-cache"),
      corrupted: (detail) => new LmdiffError(`${file} is corrupted (${detail}); delete it and run the analysis again`, "bad-cache"),
    });
    try {
      return new CacheReader(file, reader);
    } catch (e) {
      reader.close();
      throw e;
    }
  }

  /** The number of rows (tokens, and one placeholder row per document without tokens). */
  get numRows(): number {
    return this.file.numRows;
  }

  close(): void {
    this.file.close();
  }

  /**
   * The documents in order, in chunks of whole documents of about
   * `maxRows` rows (more for a document longer than that, which comes
   * whole).  A chunk's arrays are reused for the next one: use a chunk
   * before asking for the next.
   */
  *chunks(maxRows = CHUNK_ROWS): Generator<CacheChunk> {
    const n = this.file.numRows;
    const k = this.meta.topK;
    // Each column's values per row and their array type, from its (checked) Arrow type.
    const layout = (c: Column) => {
      const type = this.file.schema.fields.find((f) => f.name === c)!.type as DataType;
      const values = (type instanceof FixedSizeList ? type.children[0].type : type) as DataType;
      return {
        width: type instanceof FixedSizeList ? type.listSize : 1,
        Ctor: values.ArrayType as new (n: number) => Int32Array | Float32Array,
      };
    };
    const arrays = new Map<Column, Int32Array | Float32Array>();
    // An array of at least `size` values for a column, reused from chunk to chunk.
    const values = (c: Column, size: number) => {
      const a = arrays.get(c);
      if (a && a.length >= size) return a.subarray(0, size);
      const grown = new (layout(c).Ctor)(Math.max(size, 2 * (a?.length ?? 0)));
      arrays.set(c, grown);
      return grown.subarray(0, size);
    };
    let before: RowsBefore = { row: 0, doc: -1, pos: -1 };
    let start = 0;
    do {
      // The chunk ends where the last document that starts inside the
      // window of maxRows rows starts, so that documents come whole.  A
      // window inside one document is doubled until it holds its end, and
      // the chunk is then that document alone: a chunk is at most maxRows
      // rows or one document.
      let end = n;
      const first = Math.max(1, maxRows);
      for (let window = first; start + window < n; window *= 2) {
        const doc = values("doc", window) as Int32Array;
        this.file.readValues("doc", start, start + window, doc);
        const cut = window === first ? lastStart(doc) : firstEnd(doc);
        if (cut > 0 && cut < window) {
          end = start + cut;
          break;
        }
      }
      const rows = end - start;
      const cols = {} as Record<Column, Int32Array | Float32Array | undefined>;
      for (const c of this.columns) {
        cols[c] = values(c, rows * layout(c).width);
        this.file.readValues(c, start, end, cols[c]);
      }
      const doc = cols.doc as Int32Array;
      const scores: TokenScores = {
        prob: cols.prob as Float32Array,
        logprob: cols.logprob as Float32Array,
        rank: cols.rank as Int32Array,
        entropy: cols.entropy as Float32Array,
        topkIds: cols.topk_ids as Int32Array,
        topkProbs: cols.topk_probs as Float32Array,
        ...(cols.entropy_lower
          ? { entropyBounds: { lower: cols.entropy_lower as Float32Array, upper: cols.entropy_upper as Float32Array } }
          : {}),
      };
      before = validateCacheValues(
        this.path,
        this.meta,
        { doc, pos: cols.pos as Int32Array, token: cols.token as Int32Array, scores },
        before,
        end === n,
      );
      // The checks guarantee that each document of the chunk starts a run of rows, in order.
      const firstDoc = rows > 0 ? doc[0] : 0;
      const nDocs = rows > 0 ? doc[rows - 1] - firstDoc + 1 : 0;
      const starts = new Int32Array(nDocs + 1);
      for (let r = 0; r < rows; r++) if (r === 0 || doc[r] !== doc[r - 1]) starts[doc[r] - firstDoc] = start + r;
      starts[nDocs] = end;
      // A document's text is on its first row.
      const texts = this.file.readStrings("text", start, end, starts.subarray(0, nDocs)).map((t) => t ?? "");
      yield new CacheChunk(firstDoc, starts, k, cols, texts);
      start = end;
    } while (start < n);
  }
}

/** Where the last run of equal values starts (0 when all are equal). */
function lastStart(doc: Int32Array): number {
  let i = doc.length - 1;
  while (i > 0 && doc[i] === doc[i - 1]) i--;
  return i;
}

/** Where the first run of equal values ends (the length when all are equal). */
function firstEnd(doc: Int32Array): number {
  let i = 1;
  while (i < doc.length && doc[i] === doc[0]) i++;
  return i;
}
