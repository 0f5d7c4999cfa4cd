/**
 * Readable text for tokens.
 *
 * Byte-level BPE vocabularies (GPT-2 and friends) spell each byte as a
 * printable character (Radford et al., 2019, the `bytes_to_unicode` table),
 * and one UTF-8 character such as "ü" or "😀" is often split across tokens.
 * Decoding each token alone would show mojibake ("Ã¼"), so a text's tokens
 * are decoded together: each character is shown on the token that holds its
 * first byte, and tokens holding only continuation bytes are marked partial
 * (shown as a thin placeholder).  WordPiece "##" pieces are joined to the
 * previous piece without a space.
 */

let byteDecoder: Map<string, number> | undefined;

/** GPT-2's printable-character → byte table (inverse of bytes_to_unicode). */
export function byteLevelDecoder(): Map<string, number> {
  if (byteDecoder) return byteDecoder;
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  byteDecoder = new Map(bs.map((b, i) => [String.fromCharCode(cs[i]), b]));
  return byteDecoder;
}

/** The bytes a byte-level BPE token stands for; null if it is not byte-level (a special token). */
export function byteLevelBytes(token: string): Uint8Array | null {
  const table = byteLevelDecoder();
  const out = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const b = table.get(token[i]);
    if (b === undefined) return null;
    out[i] = b;
  }
  return out;
}

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1; // a stray continuation byte: treat as its own (invalid) character
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const lenientDecoder = new TextDecoder("utf-8", { fatal: false });

/** Show bytes that are not valid UTF-8 on their own as ⟨C3⟩ rather than as U+FFFD. */
function bytesToText(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    let s = "";
    let i = 0;
    while (i < bytes.length) {
      const len = utf8Length(bytes[i]);
      const chunk = bytes.subarray(i, i + len);
      try {
        s += len > 1 && chunk.length === len ? strictDecoder.decode(chunk) : chunk[0] < 0x80 ? lenientDecoder.decode(chunk) : hex(chunk);
      } catch {
        s += hex(chunk);
      }
      i += len;
    }
    return s;
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `⟨${b.toString(16).toUpperCase().padStart(2, "0")}⟩`).join("");
}

export interface DisplayTokens {
  /** Text shown for each token ("" for a token that holds only part of a character). */
  text: string[];
  /** 1 where the token holds only continuation bytes of a character shown on an earlier token. */
  partial: Uint8Array;
}

/** Decode a whole sequence of byte-level BPE tokens for display. */
export function decodeByteLevel(tokens: readonly string[]): DisplayTokens {
  const n = tokens.length;
  const text = new Array<string>(n).fill("");
  const partial = new Uint8Array(n);
  // Flatten to bytes with an owner token per byte.
  const bytes: number[] = [];
  const owner: number[] = [];
  const special = new Array<string | null>(n).fill(null);
  tokens.forEach((tok, t) => {
    const b = byteLevelBytes(tok);
    if (b === null) {
      special[t] = tok;
      return;
    }
    for (const x of b) {
      bytes.push(x);
      owner.push(t);
    }
  });
  let i = 0;
  while (i < bytes.length) {
    const len = Math.min(utf8Length(bytes[i]), bytes.length - i);
    const chunk = Uint8Array.from(bytes.slice(i, i + len));
    const first = owner[i];
    text[first] += bytesToText(chunk);
    i += len;
  }
  for (let t = 0; t < n; t++) {
    if (special[t] !== null) text[t] = special[t]!;
    else if (text[t] === "") partial[t] = 1;
  }
  return { text, partial };
}

/** Decode one token alone (for top-k lists), showing incomplete bytes as ⟨XX⟩. */
export function decodeByteLevelToken(token: string): string {
  const b = byteLevelBytes(token);
  return b === null ? token : bytesToText(b);
}

/** Decode WordPiece tokens for display: "##" pieces attach to the previous piece. */
export function decodeWordPiece(tokens: readonly string[], prefix = "##"): DisplayTokens {
  const text = tokens.map((tok, i) => (tok.startsWith(prefix) ? tok.slice(prefix.length) : i === 0 ? tok : " " + tok));
  return { text, partial: new Uint8Array(tokens.length) };
}

/** Decode one WordPiece token alone (for top-k lists). */
export function decodeWordPieceToken(token: string, prefix = "##"): string {
  return token.startsWith(prefix) ? "-" + token.slice(prefix.length) : token;
}
