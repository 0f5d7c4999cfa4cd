/**
 * What a reader selected in a live view, as the kernel receives it (view
 * → kernel, through lmdiff's JupyterLab extension; see viewBridge.ts).
 * Indices are the ones the tables use: `text` and `range.texts` are corpus
 * indices, `tokens` positions in the open text (0 = its first token).
 */
export interface ViewSelection {
  /** The text open in the instance view (a one-text view: its own index), or null. */
  text: number | null;
  /** Tokens of that text whose cards are pinned, in the order they were pinned. */
  tokens: number[];
  /** The value range brushed on the global histogram and the texts inside it, or null. */
  range: { column: string; min: number; max: number; texts: number[] } | null;
}

const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * A selection from its JSON, checked field by field: it comes from a page,
 * and a malformed one must be refused, never half-applied.  Throws a plain
 * Error naming the field.
 */
export function parseViewSelection(json: string): ViewSelection {
  let v: Partial<ViewSelection> | null;
  try {
    v = JSON.parse(json) as Partial<ViewSelection> | null;
  } catch {
    throw new Error("not JSON");
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
  if (v.text !== null && !isIndex(v.text)) throw new Error("text is not an index or null");
  if (!Array.isArray(v.tokens) || !v.tokens.every(isIndex)) throw new Error("tokens is not a list of indices");
  let range: ViewSelection["range"] = null;
  if (v.range === undefined) throw new Error("range is missing");
  if (v.range !== null) {
    const r = v.range as Partial<NonNullable<ViewSelection["range"]>> | undefined;
    if (!r || typeof r.column !== "string" || !Number.isFinite(r.min) || !Number.isFinite(r.max))
      throw new Error("range has no column, min and max");
    if (!Array.isArray(r.texts) || !r.texts.every(isIndex)) throw new Error("range.texts is not a list of indices");
    range = { column: r.column, min: r.min!, max: r.max!, texts: [...r.texts] };
  }
  return { text: v.text ?? null, tokens: [...v.tokens], range };
}
