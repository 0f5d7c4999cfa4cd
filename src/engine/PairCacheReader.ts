import * as fs from "node:fs";
import { LmdiffError } from "../core/LmdiffError.js";
import { JOINT_MEASURES, type PairScores } from "../core/measures.js";
import { ArrowFileReader } from "./ArrowFileReader.js";
import { pairCacheCorrupted, pairCacheMeta, pairCacheSchema, validatePairValues, type PairCacheMeta } from "./PairCache.js";
import { validateCacheFields } from "./validateCache.js";

/**
 * A pair cache read a range of rows at a time, from the file, with the
 * checks of PairCache.open: metadata, schema and nulls when it is opened,
 * values as rows are read.  Comparisons read it alongside model 1's cache
 * (see compareCacheFiles), whose rows it shares.
 */
export class PairCacheReader {
  readonly meta: PairCacheMeta;
  /** Why the file cannot be read in ranges (compressed batches), or null; read it with PairCache then. */
  readonly unsupported: string | null;
  private arrays: { doc: Int32Array; pos: Int32Array; values: PairScores } | null = null;

  private constructor(
    readonly path: string,
    private readonly file: ArrowFileReader,
  ) {
    this.meta = pairCacheMeta(path, file.schema.metadata);
    validateCacheFields(path, file.schema, pairCacheSchema(this.meta), (name) => file.firstNull(name));
    this.unsupported = ["doc", "pos", ...JOINT_MEASURES].map((c) => file.columnProblem(c)).find((p) => p !== null) ?? null;
  }

  /** Open a pair cache: a missing, truncated or foreign file gets the error PairCache.open gives. */
  static open(file: string): PairCacheReader {
    if (!fs.existsSync(file)) throw new LmdiffError(`no pair cache at ${file} (lmdiff preprocess all writes one)`, "not-found", 404);
    const incomplete = () =>
      new LmdiffError(`${file} is not a complete Arrow IPC file; delete it and run lmdiff preprocess all again`, "bad-cache");
    const reader = ArrowFileReader.open(file, {
      notArrow: incomplete,
      truncated: incomplete,
      corrupted: (d) => pairCacheCorrupted(file, d),
    });
    try {
      return new PairCacheReader(file, reader);
    } catch (e) {
      reader.close();
      throw e;
    }
  }

  get numRows(): number {
    return this.file.numRows;
  }

  close(): void {
    this.file.close();
  }

  /**
   * Rows [start, end): their doc column and joint measures (model 1 →
   * model 2 as the file has them), checked.  The arrays are reused by the
   * next call.
   */
  rows(start: number, end: number): { doc: Int32Array; values: PairScores } {
    const n = end - start;
    if (!this.arrays || this.arrays.doc.length < n) {
      const size = Math.max(n, 2 * (this.arrays?.doc.length ?? 0));
      this.arrays = {
        doc: new Int32Array(size),
        pos: new Int32Array(size),
        values: Object.fromEntries(JOINT_MEASURES.map((m) => [m, new Float32Array(size)])) as PairScores,
      };
    }
    const a = this.arrays;
    const doc = a.doc.subarray(0, n);
    const pos = a.pos.subarray(0, n);
    const values = Object.fromEntries(JOINT_MEASURES.map((m) => [m, a.values[m].subarray(0, n)])) as PairScores;
    this.file.readValues("doc", start, end, doc);
    this.file.readValues("pos", start, end, pos);
    for (const m of JOINT_MEASURES) this.file.readValues(m, start, end, values[m]);
    validatePairValues(this.path, pos, values, start);
    return { doc, values };
  }
}
