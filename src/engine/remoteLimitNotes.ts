import type { RankConvention } from "./promptScores.js";

/**
 * What scoring on a remote server did not measure as lmdiff does, one
 * sentence each, so that nobody reads a bounded number as exact: ranks
 * beyond the top-k (vLLM counts ties against the token; a server with only
 * the standard fields gives none, recorded as k + 1), and the entropy (not
 * given: NaN, with bounds in the cache).  `who` names the model.
 */
export function remoteLimitNotes(who: string, k: number, rankConvention: RankConvention | undefined, entropyBounded: boolean): string[] {
  const notes: string[] = [];
  if (rankConvention === "censored-beyond-k")
    notes.push(`${who}: ranks beyond its top ${k} are not known and are recorded as ${k + 1}, so rank differences there are bounds`);
  if (rankConvention === "greater-or-equal-beyond-k")
    notes.push(`${who}: ranks beyond its top ${k} are the server's, which counts tokens tied with the actual one against it`);
  if (entropyBounded)
    notes.push(
      `${who}: entropies were not measured (the server gives its top-k only), so entropy_diff is NaN; the cache bounds them (entropy_lower, entropy_upper)`,
    );
  return notes;
}
