import { Schema, type Table } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";
import { shardRange } from "../core/shardRange.js";
import { VERSION } from "../version.js";
import { arrowMetadata } from "./arrowMetadata.js";
import { CACHE_FORMAT, cacheSchema, metaFromMap, type CacheMeta, type CacheTypeMap } from "./AnalysisCache.js";
import { columnValues } from "./columnValues.js";
import { shardDocs, shardFromMetadata, shardMetaEntries, type ShardInfo } from "./shardMeta.js";
import { validateCacheMeta, validateCacheSchema, validateCacheVersion } from "./validateCache.js";

/**
 * One shard of an analysis: the Arrow file that `analyze` with a `shard`
 * writes.  It has a cache's columns and metadata (the CacheMeta of the
 * whole analysis: n_docs counts every document of the dataset), holds the
 * rows of its own documents only, under their indices in the dataset, and
 * its metadata says which shard it is (see shardMeta).  Shards are joined
 * into a cache by mergeShards; AnalysisCache.open refuses them.
 *
 * An AnalysisShard holds what the shard's metadata says, not its rows:
 * reading one costs the file's footer and schema, however large the file.
 */
export class AnalysisShard {
  constructor(
    readonly path: string,
    /** The metadata of the whole analysis, as the merged cache will have it. */
    readonly meta: CacheMeta,
    readonly shard: ShardInfo,
  ) {}

  /** The schema of a shard's file: the cache's, with the shard's metadata added. */
  static schema(meta: CacheMeta, shard: ShardInfo): Schema<CacheTypeMap> {
    const schema = cacheSchema(meta);
    return new Schema<CacheTypeMap>(schema.fields, new Map([...schema.metadata, ...shardMetaEntries(shard)]));
  }

  /** Read a shard's metadata; a file that is not a shard of an lmdiff analysis gets a one-line error. */
  static async read(file: string): Promise<AnalysisShard> {
    const metadata = await arrowMetadata(file, "shard");
    validateCacheVersion(file, metadata, { format: CACHE_FORMAT, version: VERSION });
    const shard = shardFromMetadata(file, metadata);
    if (!shard && metadata.get("lmdiff.format") === CACHE_FORMAT)
      throw new LmdiffError(
        `${file} is a finished analysis cache, not a shard; lmdiff merge joins the shards that lmdiff analyze --shard i/n writes`,
        "not-a-shard",
      );
    const meta = metaFromMap(metadata, file);
    validateCacheMeta(file, metadata, meta);
    if (!shard) throw new LmdiffError(`${file} is not a shard of an analysis (no lmdiff.shard metadata)`, "not-a-shard");
    const { first, end } = shardRange(shard, meta.nDocs);
    if (shard.first !== first || shard.end !== end)
      throw new LmdiffError(
        `${file}: shard ${shard.index}/${shard.count} of ${meta.nDocs} documents holds ${shardDocs({ ...shard, first, end })}, but its metadata says ${shardDocs(shard)}; the shard is corrupted — run its analysis again`,
        "bad-cache",
      );
    return new AnalysisShard(file, meta, shard);
  }

  /**
   * Check a shard's rows, as read from its file, against its metadata: the
   * cache's columns and types, and rows for exactly its documents, in
   * order.  The values themselves are checked once the shards are merged,
   * when the cache is opened (see validateCacheValues).
   */
  checkRows(table: Table): void {
    validateCacheSchema(this.path, table, cacheSchema(this.meta));
    const doc = columnValues(table, "doc", Int32Array);
    const { first, end } = this.shard;
    let expected = first;
    for (let r = 0; r < doc.length; r++) {
      // A document's rows are contiguous: the next row is the same document or the next one.
      if (doc[r] === expected - 1 && r > 0) continue;
      if (doc[r] !== expected || expected >= end)
        throw new LmdiffError(
          `${this.path}: column doc holds ${doc[r]} at row ${r}, but shard ${this.shard.index}/${this.shard.count} holds ${shardDocs(this.shard)} in order; the shard is corrupted — run its analysis again`,
          "bad-cache",
        );
      expected++;
    }
    if (expected !== end)
      throw new LmdiffError(
        `${this.path}: the rows stop before document ${expected}, but shard ${this.shard.index}/${this.shard.count} holds ${shardDocs(this.shard)}; the shard is truncated — run its analysis again`,
        "bad-cache",
      );
  }
}
