import { createHash } from "node:crypto";
import type { TokenizerJson } from "./modelJson.js";

/**
 * Two models are comparable when they cut text into the same tokens with the
 * same ids.  The fingerprint is a sha256 over the canonical parts of a
 * tokenizer.json that decide that: the vocabulary (by id), the merges, the
 * normaliser, the pre-tokeniser and the special tokens.  Post-processors and
 * decoders do not change ids of a text's tokens, so they are left out.
 */
export interface CanonicalTokenizer {
  vocab: string[];
  merges: string[];
  /** The model's settings other than its vocabulary and merges. */
  model: Record<string, unknown>;
  normalizer: unknown;
  preTokenizer: unknown;
  special: { id: number; content: string }[];
}

export function canonicalTokenizer(tj: TokenizerJson): CanonicalTokenizer {
  const model = tj.model ?? {};
  const vocab: string[] = [];
  if (Array.isArray(model.vocab)) {
    // Unigram (SentencePiece) models list [piece, score] pairs in id order.
    model.vocab.forEach((e, i) => (vocab[i] = Array.isArray(e) ? `${e[0]}\t${e[1]}` : String(e)));
  } else if (model.vocab) {
    for (const [tok, id] of Object.entries(model.vocab)) vocab[id] = tok;
  }
  for (const t of tj.added_tokens ?? []) if (vocab[t.id] === undefined) vocab[t.id] = t.content;
  const merges: string[] = (model.merges ?? []).map((m) => (Array.isArray(m) ? m.join(" ") : String(m)));
  const { vocab: _v, merges: _m, ...modelRest } = model;
  return {
    vocab: Array.from(vocab, (v) => v ?? ""),
    merges,
    model: modelRest,
    normalizer: tj.normalizer ?? null,
    preTokenizer: tj.pre_tokenizer ?? null,
    special: (tj.added_tokens ?? [])
      .filter((t) => t.special)
      .map((t) => ({ id: t.id, content: t.content }))
      .sort((a, b) => a.id - b.id),
  };
}

/** JSON with sorted keys, so equal objects hash equally. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

export function tokenizerFingerprint(tj: TokenizerJson): string {
  const c = canonicalTokenizer(tj);
  const h = createHash("sha256");
  h.update(stable({ model: c.model, normalizer: c.normalizer, preTokenizer: c.preTokenizer, special: c.special }));
  h.update("\u0000vocab\u0000");
  for (const v of c.vocab) h.update(v + "\u0000");
  h.update("\u0000merges\u0000");
  for (const m of c.merges) h.update(m + "\u0000");
  return h.digest("hex");
}

/**
 * Why two tokenizers are not the same, in one phrase ("vocabulary sizes
 * differ: 4096 vs 50257"), or null when they are identical.
 */
export function tokenizerDifference(a: TokenizerJson, b: TokenizerJson): string | null {
  const ca = canonicalTokenizer(a);
  const cb = canonicalTokenizer(b);
  if (ca.vocab.length !== cb.vocab.length) return `vocabulary sizes differ: ${ca.vocab.length} vs ${cb.vocab.length}`;
  for (let i = 0; i < ca.vocab.length; i++)
    if (ca.vocab[i] !== cb.vocab[i])
      return `vocabulary entry ${i} differs: ${JSON.stringify(ca.vocab[i])} vs ${JSON.stringify(cb.vocab[i])}`;
  if (ca.merges.length !== cb.merges.length) return `merge counts differ: ${ca.merges.length} vs ${cb.merges.length}`;
  for (let i = 0; i < ca.merges.length; i++)
    if (ca.merges[i] !== cb.merges[i]) return `merge ${i} differs: ${JSON.stringify(ca.merges[i])} vs ${JSON.stringify(cb.merges[i])}`;
  if (stable(ca.model) !== stable(cb.model)) return "tokenizer model settings differ";
  if (stable(ca.normalizer) !== stable(cb.normalizer)) return "normalizers differ";
  if (stable(ca.preTokenizer) !== stable(cb.preTokenizer)) return "pre-tokenizers differ";
  if (stable(ca.special) !== stable(cb.special)) return "special tokens differ";
  return null;
}
