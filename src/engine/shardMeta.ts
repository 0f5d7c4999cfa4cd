import { LmdiffError } from "../core/LmdiffError.js";
import type { Shard } from "../core/options.js";

/** A shard and the documents it holds, [first, end) (see shardRange). */
export interface ShardInfo extends Shard {
  first: number;
  end: number;
}

/**
 * The metadata keys that mark an Arrow file as a shard of an analysis,
 * beside the cache's own keys (see AnalysisCache).  "lmdiff.shard" is
 * "i/n"; the documents are the half-open range [first_doc, end_doc), so
 * that an empty shard (more shards than documents) needs no special value.
 */
const KEYS = { shard: "lmdiff.shard", first: "lmdiff.shard_first_doc", end: "lmdiff.shard_end_doc" } as const;

/** The metadata entries of a shard, to add to a cache's. */
export function shardMetaEntries(s: ShardInfo): [string, string][] {
  return [
    [KEYS.shard, `${s.index}/${s.count}`],
    [KEYS.first, String(s.first)],
    [KEYS.end, String(s.end)],
  ];
}

/** The shard a file's metadata describes; null when the file is not a shard. */
export function shardFromMetadata(file: string, metadata: Map<string, string>): ShardInfo | null {
  const shard = metadata.get(KEYS.shard);
  if (shard === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const first = Number(metadata.get(KEYS.first));
  const end = Number(metadata.get(KEYS.end));
  const info = m ? { index: Number(m[1]), count: Number(m[2]), first, end } : null;
  if (!info || !(info.index < info.count) || !Number.isSafeInteger(first) || !Number.isSafeInteger(end) || !(0 <= first && first <= end))
    throw new LmdiffError(
      `${file}: shard metadata ${KEYS.shard} ${JSON.stringify(shard)}, ${KEYS.first} ${JSON.stringify(metadata.get(KEYS.first) ?? null)}, ${KEYS.end} ${JSON.stringify(metadata.get(KEYS.end) ?? null)} is not valid (expected i/n with i < n and 0 ≤ first ≤ end); the shard is corrupted — run its analysis again`,
      "bad-cache",
    );
  return info;
}

/** "documents 3 to 5", or "no documents" for an empty shard. */
export function shardDocs(s: ShardInfo): string {
  if (s.end === s.first) return "no documents";
  return s.end - s.first === 1 ? `document ${s.first}` : `documents ${s.first} to ${s.end - 1}`;
}

/**
 * Refuse to read a shard as a finished cache.  A shard has the columns and
 * metadata of a cache but only some of the documents; read as a cache it
 * would fail the row checks as "corrupted", which sends the user the wrong
 * way, so it gets its own message instead.
 */
export function refuseShard(file: string, metadata: Map<string, string>): void {
  const s = shardFromMetadata(file, metadata);
  if (!s) return;
  throw new LmdiffError(
    `${file} is shard ${s.index} of ${s.count} of an analysis (${shardDocs(s)}), not a finished cache; join all ${s.count} shards with lmdiff merge SHARD... -o CACHE`,
    "shard-not-cache",
  );
}
