import type { TokenSurface } from "../core/alignTokens.js";
import {
  byteLevelBytes,
  decodeByteLevel,
  decodeByteLevelToken,
  decodeWordPiece,
  decodeWordPieceToken,
  type DisplayTokens,
} from "../core/tokenText.js";
import type { TokenizerJson } from "./modelJson.js";
import { tokenizerFingerprint } from "./tokenizerFingerprint.js";

/**
 * A tokenizer's id → string table and how to show its tokens.  Kept apart
 * from Model so that a cache can be displayed with the tokenizer alone,
 * without loading (or even having) the ONNX model.
 */
export class Vocabulary {
  readonly size: number;
  private fingerprintHex?: string;
  private readonly idToToken: string[] = [];
  private readonly byteLevel: boolean;
  private readonly wordPiecePrefix: string | null;
  private byText?: Map<string, number>;

  constructor(readonly tokenizerJson: TokenizerJson) {
    const vocab = tokenizerJson.model?.vocab ?? {};
    if (Array.isArray(vocab)) vocab.forEach((e, i) => (this.idToToken[i] = Array.isArray(e) ? e[0] : String(e)));
    else for (const [tok, id] of Object.entries(vocab)) this.idToToken[id] = tok;
    for (const t of tokenizerJson.added_tokens ?? []) this.idToToken[t.id] = t.content;
    this.size = this.idToToken.length;
    const decoding = JSON.stringify(tokenizerJson.pre_tokenizer ?? {}) + JSON.stringify(tokenizerJson.decoder ?? {});
    this.byteLevel = decoding.includes('"ByteLevel"');
    this.wordPiecePrefix = tokenizerJson.model?.type === "WordPiece" ? (tokenizerJson.model.continuing_subword_prefix ?? "##") : null;
  }

  /**
   * The tokenizer's fingerprint (see tokenizerFingerprint), computed on
   * first use: hashing a real vocabulary takes a few hundred milliseconds,
   * which showing a cache's tokens does not need.
   */
  get fingerprint(): string {
    return (this.fingerprintHex ??= tokenizerFingerprint(this.tokenizerJson));
  }

  /** The raw vocabulary string of an id. */
  token(id: number): string {
    return this.idToToken[id] ?? `<${id}>`;
  }

  /** Display text for a text's tokens (characters split over tokens shown once). */
  displayTokens(ids: ArrayLike<number>): DisplayTokens {
    const toks = Array.from(ids, (i) => this.token(i));
    if (this.byteLevel) return decodeByteLevel(toks);
    if (this.wordPiecePrefix) return decodeWordPiece(toks, this.wordPiecePrefix);
    // SentencePiece-style vocabularies mark a word start with "▁".
    return { text: toks.map((t) => t.replace(/▁/g, " ")), partial: new Uint8Array(toks.length) };
  }

  /**
   * How a text's tokens read, for lining them up with the text (see
   * alignTokens): byte-level tokens as their bytes (a special token as its
   * text), WordPiece tokens without their continuation prefix, [UNK] as
   * unknown, SentencePiece pieces with "▁" as a space and runs of
   * byte-fallback pieces (<0xE2><0x82><0xAC>) as the text they spell,
   * given to the run's first piece.
   */
  surfaces(ids: ArrayLike<number>): TokenSurface[] {
    const unk = this.tokenizerJson.model?.unk_token;
    const enc = new TextEncoder();
    const out: TokenSurface[] = [];
    for (let i = 0; i < ids.length; i++) {
      const t = this.token(ids[i]);
      if (unk !== undefined && t === unk) out.push({ unknown: true });
      else if (this.byteLevel) out.push({ bytes: byteLevelBytes(t) ?? enc.encode(t) });
      else if (this.wordPiecePrefix) out.push({ text: t.startsWith(this.wordPiecePrefix) ? t.slice(this.wordPiecePrefix.length) : t });
      else if (/^<0x[0-9A-Fa-f]{2}>$/.test(t)) {
        const run: number[] = [];
        let j = i;
        for (; j < ids.length && /^<0x[0-9A-Fa-f]{2}>$/.test(this.token(ids[j])); j++)
          run.push(parseInt(this.token(ids[j]).slice(3, 5), 16));
        out.push({ text: new TextDecoder().decode(Uint8Array.from(run)) });
        for (let r = i + 1; r < j; r++) out.push({ text: "" });
        i = j - 1;
      } else out.push({ text: t.replace(/▁/g, " ") });
    }
    return out;
  }

  /** Display text of one id alone (top-k lists). */
  displayToken(id: number): string {
    const t = this.token(id);
    if (this.byteLevel) return decodeByteLevelToken(t);
    if (this.wordPiecePrefix) return decodeWordPieceToken(t, this.wordPiecePrefix);
    return t.replace(/▁/g, " ");
  }

  /**
   * The token id a server's top_logprobs key names: "token_id:N" (vLLM's
   * return_tokens_as_token_ids), else a token's decoded text when exactly
   * one id decodes to it; undefined when none or several do (the caller
   * refuses such answers rather than guess).
   */
  tokenKey(): (key: string) => number | undefined {
    return (key) => {
      const m = /^token_id:(\d+)$/.exec(key);
      if (m) return Number(m[1]);
      if (!this.byText) {
        const map = new Map<string, number>();
        for (let id = 0; id < this.idToToken.length; id++) {
          if (this.idToToken[id] === undefined) continue;
          const t = this.displayToken(id);
          map.set(t, map.has(t) ? -1 : id);
        }
        this.byText = map;
      }
      const id = this.byText.get(key);
      return id === undefined || id < 0 ? undefined : id;
    };
  }
}
