import type { InstanceData } from "../core/InstanceData.js";

/**
 * A vocabulary string for a top-k list, with spaces, newlines and tabs made
 * visible (␣, ↵, ⇥); an id without a string shows as ⟨id⟩.  `source` is an
 * InstanceData or one side of an AlignedData, whichever holds the vocab.
 */
export function topkTokenText(source: Pick<InstanceData, "vocab">, id: number): string {
  const s = source.vocab[id];
  if (s === undefined) return `⟨${id}⟩`;
  return s.replace(/ /g, "␣").replace(/\n/g, "↵").replace(/\t/g, "⇥");
}
