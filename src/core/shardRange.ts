import type { Shard } from "./options.js";

/**
 * The documents of shard `index` of `count` in a dataset of `nDocs`: the
 * contiguous range [first, end) with first = ⌊index·nDocs/count⌋ and
 * end = ⌊(index+1)·nDocs/count⌋.  The shards cover every document exactly
 * once, in order, and their sizes differ by at most one; with more shards
 * than documents some shards are empty.  The rule depends on nothing but
 * the three numbers, so every machine of a sharded run agrees on it without
 * talking to the others.
 */
export function shardRange(shard: Shard, nDocs: number): { first: number; end: number } {
  const at = (i: number) => Math.floor((i * nDocs) / shard.count);
  return { first: at(shard.index), end: at(shard.index + 1) };
}
