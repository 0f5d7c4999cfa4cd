/**
 * How a token reads, for lining it up with the text it came from: its
 * exact bytes (byte-level BPE, whose tokens concatenate to the text's
 * UTF-8), its text as the tokenizer normalised it (WordPiece,
 * SentencePiece), or unknown ([UNK], which stands for a whole word).
 */
export type TokenSurface = { bytes: Uint8Array } | { text: string } | { unknown: true };

/** Which bytes and characters each token owns (see AlignedSide). */
export interface TokenSpans {
  byteStart: Int32Array;
  byteEnd: Int32Array;
  /** Code-point indices. */
  start: Int32Array;
  end: Int32Array;
  /** Tokens whose text was not found where expected (see alignTokens). */
  approximate: number;
}

const encoder = new TextEncoder();

/** The UTF-8 length of each code point of a text. */
export function charByteLengths(chars: readonly string[]): Uint8Array {
  return Uint8Array.from(chars, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  });
}

/**
 * Give every byte of `text` to exactly one token, in order.  Tokens that
 * carry their bytes (byte-level BPE) own exactly those bytes when they
 * concatenate to the text, which is checked.  Otherwise tokens are found
 * in the text by their normalised text (lower case, accents removed, as
 * BERT's normaliser does; applied to both sides, so it is harmless for a
 * tokenizer that keeps case), and each token owns the characters from the
 * end of the previous token to the end of its own: whitespace that a
 * tokenizer drops (BERT) goes with the word it precedes, as it does in
 * byte-level BPE, where the space is part of the next token ("Ġthe").  The
 * last token also owns whatever trails the text.  An unknown token owns
 * one pre-token as BERT's pre-tokenizer cuts them: a run of letters and
 * digits, or one other character (a CJK ideograph is a word of its own).  A
 * token not found where expected is looked for a little further on; if it
 * is not there either it takes as many characters as it has, and is
 * counted in `approximate`, so a damaged or oddly normalised text still
 * aligns and conserves its bits, and says so.
 */
export function alignTokens(text: string, surfaces: readonly TokenSurface[]): TokenSpans {
  const chars = Array.from(text);
  const charBytes = charByteLengths(chars);
  const n = surfaces.length;
  const spans: TokenSpans = {
    byteStart: new Int32Array(n),
    byteEnd: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    approximate: 0,
  };
  // Byte offset of each character, and one past the end.
  const charOffset = new Int32Array(chars.length + 1);
  for (let c = 0; c < chars.length; c++) charOffset[c + 1] = charOffset[c] + charBytes[c];
  if (surfaces.every((s) => "bytes" in s) && alignBytes(text, surfaces, spans, charOffset)) return spans;
  alignText(chars, surfaces, spans);
  for (let t = 0; t < n; t++) {
    spans.byteStart[t] = charOffset[spans.start[t]];
    spans.byteEnd[t] = charOffset[spans.end[t]];
  }
  return spans;
}

/** Exact alignment of byte-carrying tokens; false when they do not spell the text. */
function alignBytes(text: string, surfaces: readonly TokenSurface[], spans: TokenSpans, charOffset: Int32Array): boolean {
  const bytes = encoder.encode(text);
  let at = 0;
  for (let t = 0; t < surfaces.length; t++) {
    const b = (surfaces[t] as { bytes: Uint8Array }).bytes;
    if (at + b.length > bytes.length) return false;
    for (let j = 0; j < b.length; j++) if (bytes[at + j] !== b[j]) return false;
    spans.byteStart[t] = at;
    at += b.length;
    spans.byteEnd[t] = at;
  }
  if (at !== bytes.length) return false;
  // The character holding a byte: binary search over character offsets.
  const charAt = (byte: number): number => {
    let lo = 0;
    let hi = charOffset.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (charOffset[mid] <= byte) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // A token owns every character it has a byte of; an empty token sits
  // before the character its position starts (or after the last).
  const nChars = charOffset.length - 1;
  for (let t = 0; t < surfaces.length; t++) {
    const [s, e] = [spans.byteStart[t], spans.byteEnd[t]];
    if (s === e) {
      const c = s >= bytes.length ? nChars : charAt(s);
      spans.start[t] = spans.end[t] = c < nChars && charOffset[c] < s ? c + 1 : c;
    } else {
      spans.start[t] = charAt(s);
      spans.end[t] = charAt(e - 1) + 1;
    }
  }
  return true;
}

/** Lower case without accents: what BERT's uncased normaliser makes of a character. */
function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "");
}

const SPACE = /[\s\p{Cc}\p{Cf}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
/** Characters BERT's pre-tokenizer makes words of their own (handle_chinese_chars). */
const HAN = /\p{Script=Han}/u;
/** How far past the expected place a token's text is looked for. */
const RESYNC = 64;

/** Alignment by normalised text (fills start and end, in code points). */
function alignText(chars: readonly string[], surfaces: readonly TokenSurface[], spans: TokenSpans): void {
  // The folded text, and for each of its UTF-16 units the character it came from.
  let folded = "";
  const origin: number[] = [];
  chars.forEach((c, i) => {
    const f = fold(c);
    folded += f;
    for (let j = 0; j < f.length; j++) origin.push(i);
  });
  origin.push(chars.length);
  // The first folded unit of each character (and one past the end).
  const unitOf = new Int32Array(chars.length + 1).fill(-1);
  for (let u = origin.length - 1; u >= 0; u--) unitOf[origin[u]] = u;
  for (let c = chars.length - 1; c >= 0; c--) if (unitOf[c] < 0) unitOf[c] = unitOf[c + 1];
  const toChar = (unit: number): number => origin[Math.min(unit, folded.length)];
  let pos = 0;
  let owned = 0;
  for (let t = 0; t < surfaces.length; t++) {
    const s = surfaces[t];
    while (pos < folded.length && SPACE.test(folded[pos])) pos++;
    let end: number;
    if ("unknown" in s) {
      end = pos;
      if (end < folded.length && (!WORD.test(folded[end]) || HAN.test(folded[end]))) end++;
      else while (end < folded.length && WORD.test(folded[end]) && !HAN.test(folded[end])) end++;
    } else {
      const want = fold("text" in s ? s.text : new TextDecoder().decode(s.bytes))
        .replace(/^[\s▁]+/u, "")
        .replace(/▁/g, " ");
      if (want === "") end = pos;
      else if (folded.startsWith(want, pos)) end = pos + want.length;
      else {
        const found = folded.indexOf(want, pos);
        spans.approximate++;
        end = found >= 0 && found - pos <= RESYNC ? found + want.length : Math.min(folded.length, pos + want.length);
      }
    }
    // A token never ends inside a character, and never before the previous one.
    let endChar = toChar(end);
    if (end > 0 && end < folded.length && origin[end - 1] === origin[end]) endChar = origin[end] + 1;
    endChar = Math.max(endChar, owned);
    spans.start[t] = owned;
    spans.end[t] = endChar;
    owned = endChar;
    pos = Math.max(end, pos, unitOf[endChar]);
  }
  if (surfaces.length > 0) spans.end[surfaces.length - 1] = chars.length;
}
