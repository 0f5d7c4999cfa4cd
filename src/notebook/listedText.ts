/**
 * How many characters of a text the global view's list shows (its own rule,
 * in src/widgets/LmdiffGlobalView.ts, cuts there and adds "…").
 */
export const LISTED_CHARS = 200;

/**
 * A corpus text as a notebook's corpus view carries it: no longer than the
 * list shows it.  Only the list and its search read these texts (an
 * embedded text carries its whole text with its token data), so the list
 * looks the same while a corpus of long texts costs a third less; the
 * search then finds words within the listed part of a text only.  A cut
 * text ends in "…", and never inside a surrogate pair.
 */
export function listedText(text: string): string {
  if (text.length <= LISTED_CHARS) return text;
  let cut = text.slice(0, LISTED_CHARS);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + "…";
}
