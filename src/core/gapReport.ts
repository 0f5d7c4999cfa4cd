import type { ModelLabel } from "./InstanceData.js";
import { LmdiffError } from "./LmdiffError.js";
import { checkKeys, maybeInt } from "./options.js";

/**
 * Where the bits-per-byte gap between two models concentrates over a
 * corpus, in the spirit of Marin/Levanter's perplexity-gap finder: each
 * character of each text falls in one bucket (words, whitespace,
 * punctuation, digits, other non-ASCII, URLs), and runs of characters form
 * literals (a word, a number, a URL …) that are summed over the corpus by
 * their string.  The input is byte-aligned data (core/AlignedData), whose
 * per-character bits sum to each model's surprisal of the text, so every
 * total here is conserved: the buckets' bits, the literals' bits and the
 * texts' bits each sum to the corpus's bits, per model.
 *
 * Signs follow the project: gap = bits₂ − bits₁, positive where model 2
 * needs more bits (model 1 does better there).
 */

/**
 * The buckets, in the order reports list them.  Each character is in
 * exactly one:
 *
 * - url: any character of a URL match (see urlSpans); takes precedence.
 * - whitespace: ASCII whitespace and C0 control characters, and Unicode
 *   whitespace (NBSP, U+3000 …, what /\s/u matches).
 * - digits: ASCII 0–9.
 * - punctuation: Unicode P (punctuation) and S (symbol) categories, ASCII or
 *   not ("—", "€", "«"), except emoji.
 * - non_ascii: every other non-ASCII character: letters with diacritics
 *   (ü, é), CJK, emoji (Extended_Pictographic, skin-tone modifiers, flags),
 *   combining marks and variation selectors, non-ASCII digits.
 * - words: ASCII letters A–Z, a–z.
 *
 * An umlaut letter counts as non_ascii, not as words: the buckets are about
 * where bytes and tokenizers part ways, and a non-ASCII letter costs two to
 * four UTF-8 bytes that an English byte-level tokenizer splits into byte
 * tokens (tiny-en reads "Büro" as "B", "ü" in two bytes, "ro"), which is
 * exactly the cost a cross-lingual gap report should isolate.  Literals do
 * keep "Büro" whole (see literal runs below), so the word still shows up.
 */
export const GAP_BUCKETS = ["words", "whitespace", "punctuation", "digits", "non_ascii", "url"] as const;
export type GapBucket = (typeof GAP_BUCKETS)[number];

/** How reports name the buckets in prose and figures. */
export const GAP_BUCKET_LABELS: Record<GapBucket, string> = {
  words: "words",
  whitespace: "whitespace",
  punctuation: "punctuation",
  digits: "digits",
  non_ascii: "non-ASCII",
  url: "URLs",
};

/** How a model's bits were made: a causal log-likelihood or a masked model's pseudo-log-likelihood. */
export type GapScoring = "causal" | "masked";

/** The part of one text's AlignedData the report reads. */
export interface GapDoc {
  index: number;
  text?: string;
  chars: readonly string[];
  charBytes: ArrayLike<number>;
  bits1: ArrayLike<number>;
  bits2: ArrayLike<number>;
  /** When present (AlignedData), recorded in the report and checked to be the same for every text. */
  models?: readonly [ModelLabel, ModelLabel];
  sides?: readonly [{ scoring: GapScoring }, { scoring: GapScoring }];
}

export interface GapReportOptions {
  /** Length of each top list (literals and texts, each way); default 20. */
  top?: number;
  /**
   * Distinct literals the report keeps (default 100,000).  The map grows to
   * twice this before it is pruned back, so memory stays bounded whatever
   * the corpus (see gapReport).
   */
  maxLiterals?: number;
  /** Literals longer than this many characters are keyed by their first maxLiteralChars and "…"; default 64. */
  maxLiteralChars?: number;
  /** Characters of a top text's excerpt; default 80. */
  excerptChars?: number;
}

export const DEFAULT_GAP_TOP = 20;
export const DEFAULT_MAX_LITERALS = 100_000;
export const DEFAULT_MAX_LITERAL_CHARS = 64;
export const DEFAULT_EXCERPT_CHARS = 80;

/** Bits of both models over some bytes; bpb = bits / bytes (NaN without bytes); gap = bits₂ − bits₁. */
export interface GapStats {
  bytes: number;
  chars: number;
  bits_1: number;
  bits_2: number;
  bpb_1: number;
  bpb_2: number;
  /** bits_2 − bits_1: the bits this part adds to the corpus's gap. */
  gap: number;
  /** bpb_2 − bpb_1 = gap / bytes. */
  gap_bpb: number;
}

export interface BucketStats extends GapStats {
  bucket: GapBucket;
  /**
   * This bucket's gap over the corpus's gap (gap / totals.gap): signed, and
   * the shares of all buckets sum to 1.  When buckets disagree in sign a
   * share can be negative or above 1 (a bucket where model 2 does better
   * in a corpus where it does worse overall), which is the honest reading
   * of "how much of the difference comes from here".  NaN when the corpus
   * gap is 0.
   */
  share: number;
  /** |gap| over the sum of all buckets' |gap|: in [0, 1], summing to 1, blind to direction.  NaN when every gap is 0. */
  abs_share: number;
}

export interface LiteralStats extends GapStats {
  literal: string;
  /** The bucket the literal's run belongs to (a word with umlauts is "words"; an emoji run "non_ascii"). */
  kind: GapBucket;
  occurrences: number;
}

export interface TextStats extends GapStats {
  index: number;
  /** The text's first excerptChars characters, whitespace runs shown as one space, "…" when cut. */
  excerpt: string;
}

/** All kept literals as columns, ordered by |gap| (largest first), then literal. */
export interface LiteralColumns {
  literal: string[];
  kind: GapBucket[];
  occurrences: Float64Array;
  bytes: Float64Array;
  chars: Float64Array;
  bits_1: Float64Array;
  bits_2: Float64Array;
}

/** Every text, in input order. */
export interface TextColumns {
  index: Int32Array;
  bytes: Float64Array;
  chars: Float64Array;
  bits_1: Float64Array;
  bits_2: Float64Array;
}

export interface GapReportData {
  /** Texts read (empty ones included). */
  nTexts: number;
  /** The models and their scoring, from the texts when they carry them (AlignedData does), else null. */
  models: [ModelLabel, ModelLabel] | null;
  scoring: [GapScoring, GapScoring] | null;
  totals: GapStats;
  /** One entry per bucket, in GAP_BUCKETS order, empty buckets included. */
  buckets: BucketStats[];
  literals: {
    /** gap < 0 (model 1 needs more bits), most negative total gap first; ties by literal. */
    model1Worse: LiteralStats[];
    /** gap > 0 (model 2 needs more bits), largest total gap first; ties by literal. */
    model2Worse: LiteralStats[];
    /** Distinct literals kept. */
    kept: number;
    /** Literal entries dropped by pruning (a literal dropped twice counts twice); 0 means the lists are exact. */
    pruned: number;
    /** What pruned entries held, so that kept + overflow = totals. */
    overflow: GapStats & { occurrences: number };
    all: LiteralColumns;
  };
  texts: {
    /** bpb_2 − bpb_1 < 0 (model 1 needs more bits per byte), most negative first; ties by index, then input order. */
    model1Worse: TextStats[];
    /** bpb_2 − bpb_1 > 0, largest first; ties by index, then input order. */
    model2Worse: TextStats[];
    all: TextColumns;
  };
  options: Required<GapReportOptions>;
}

/**
 * A URL: a scheme (http, https, ftp) and "://", or "www.", not glued to a
 * preceding letter or digit, then the characters URLs are written with:
 * printable ASCII but space, quotes, angle brackets and backtick, and any
 * non-ASCII character that is not whitespace, punctuation or a symbol (an
 * IRI's "Büro"; a "»" or "。" ends it).  Bare domains ("example.com") are
 * not matched: "e.g." and "file.txt" would be too.
 */
const URL_RE =
  /(?<![\p{L}\p{N}_])(?:(?:https?|ftp):\/\/|www\.)(?:[\x21\x23-\x26\x28-\x3b\x3d\x3f-\x5f\x61-\x7e]|[^\0-\x7f\s\p{P}\p{S}])+/giu;
/** Sentence punctuation that ends a URL's match but is rarely its last character. */
const URL_TRAILING = /^[.,;:!?*]$/;
const URL_CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * [start, end) spans, in code points of `chars`, of the URLs in a text.
 * Trailing sentence punctuation is not part of a URL ("see
 * https://x.org/a." ends before the full stop), nor is a closing bracket
 * without its opener in the URL ("(https://x.org/a)" ends before the ")",
 * while "https://en.wikipedia.org/wiki/Foo_(bar)" keeps it), as GitHub's
 * autolinker does.  A match that is only its scheme after trimming is none.
 */
export function urlSpans(chars: readonly string[]): [number, number][] {
  const s = chars.join("");
  if (!/:\/\/|www\./i.test(s)) return [];
  // Code-unit offset of each character, to map matches back to characters.
  const unitToChar = new Map<number, number>();
  let u = 0;
  for (let i = 0; i < chars.length; i++) {
    unitToChar.set(u, i);
    u += chars[i].length;
  }
  unitToChar.set(u, chars.length);
  const spans: [number, number][] = [];
  for (const m of s.matchAll(URL_RE)) {
    const cps = Array.from(m[0]);
    while (cps.length > 0) {
      const last = cps[cps.length - 1];
      const opener = URL_CLOSERS[last];
      if (opener !== undefined) {
        if (count(cps, opener) >= count(cps, last)) break;
      } else if (!URL_TRAILING.test(last)) break;
      cps.pop();
    }
    const url = cps.join("");
    if (/^(?:(?:https?|ftp):\/\/|www\.)$/i.test(url)) continue;
    const start = unitToChar.get(m.index);
    const end = unitToChar.get(m.index + url.length);
    // Matches start and end on character boundaries; a lone surrogate in `chars` is one character of its own.
    if (start !== undefined && end !== undefined && end > start) spans.push([start, end]);
  }
  return spans;
}

function count(cps: readonly string[], c: string): number {
  let n = 0;
  for (const x of cps) if (x === c) n++;
  return n;
}

const WHITESPACE = /^\s$/u;
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator})$/u;
const PUNCT_SYMBOL = /^[\p{P}\p{S}]$/u;

/** The bucket of one character outside a URL (see GAP_BUCKETS). */
export function charBucket(ch: string): Exclude<GapBucket, "url"> {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x80) {
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return "words";
    if (c >= 0x30 && c <= 0x39) return "digits";
    if (c <= 0x20 || c === 0x7f) return "whitespace";
    // Every other printable ASCII character is in Unicode's P or S category.
    return "punctuation";
  }
  if (WHITESPACE.test(ch)) return "whitespace";
  if (EMOJI.test(ch)) return "non_ascii";
  if (PUNCT_SYMBOL.test(ch)) return "punctuation";
  return "non_ascii";
}

/**
 * Literal runs.  A literal is a maximal run of one kind: a URL, a
 * whitespace run, a punctuation run, a number, a word, or a run of other
 * non-ASCII characters (emoji).  Words take letters of any script, so that
 * "Büro" and "naïve" are one literal each even though their umlauts are in
 * the non_ascii bucket; combining marks, ZWJ, variation selectors and
 * skin-tone modifiers extend whatever literal they follow ("☃️" and a ZWJ
 * family are one literal); Han ideographs and kana, written without spaces
 * between words, are one literal per character, since a run would be a
 * whole clause.
 */
type LiteralClass = GapBucket | "single" | "extend";

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const EXTEND = /^(?:\p{M}|\u200d|\p{Emoji_Modifier}|[\u{e0020}-\u{e007f}])$/u;
const SINGLE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

function literalClass(ch: string, bucket: GapBucket): LiteralClass {
  if (bucket !== "non_ascii") return bucket;
  if (EXTEND.test(ch)) return "extend";
  if (SINGLE.test(ch)) return "single";
  if (LETTER.test(ch)) return "words";
  if (DIGIT.test(ch)) return "digits";
  return "non_ascii";
}

/**
 * Each character's bucket (GAP_BUCKETS index) and the literal runs of a
 * text as [start, end) character spans with their kind.
 */
export function classifyText(chars: readonly string[]): {
  buckets: Uint8Array;
  literals: { start: number; end: number; kind: GapBucket }[];
} {
  const n = chars.length;
  const buckets = new Uint8Array(n);
  for (let i = 0; i < n; i++) buckets[i] = BUCKET_INDEX[charBucket(chars[i])];
  for (const [s, e] of urlSpans(chars)) buckets.fill(BUCKET_INDEX.url, s, e);
  const literals: { start: number; end: number; kind: GapBucket }[] = [];
  let start = 0;
  let cls: LiteralClass | null = null;
  for (let i = 0; i < n; i++) {
    const b = GAP_BUCKETS[buckets[i]];
    const c = literalClass(chars[i], b);
    if (cls !== null && (c === "extend" || (c === cls && c !== "single"))) continue;
    if (cls !== null) literals.push({ start, end: i, kind: kindOf(cls) });
    start = i;
    cls = c === "extend" ? "non_ascii" : c;
  }
  if (cls !== null) literals.push({ start, end: n, kind: kindOf(cls) });
  return { buckets, literals };
}

function kindOf(c: LiteralClass): GapBucket {
  return c === "single" ? "words" : c === "extend" ? "non_ascii" : c;
}

const BUCKET_INDEX = Object.fromEntries(GAP_BUCKETS.map((b, i) => [b, i])) as Record<GapBucket, number>;

/** One literal's running sums. */
interface LiteralSum {
  kind: GapBucket;
  occurrences: number;
  bytes: number;
  chars: number;
  bits1: number;
  bits2: number;
}

/** GapStats of some bytes and bits. */
export function gapStats(bytes: number, chars: number, bits1: number, bits2: number): GapStats {
  const gap = bits2 - bits1;
  return {
    bytes,
    chars,
    bits_1: bits1,
    bits_2: bits2,
    bpb_1: bytes > 0 ? bits1 / bytes : NaN,
    bpb_2: bytes > 0 ? bits2 / bytes : NaN,
    gap,
    gap_bpb: bytes > 0 ? gap / bytes : NaN,
  };
}

/** Validated options with their defaults. */
export function gapReportOptions(input: GapReportOptions = {}): Required<GapReportOptions> {
  checkKeys("gap report", input, ["top", "maxLiterals", "maxLiteralChars", "excerptChars"]);
  return {
    top: maybeInt("top", input.top, DEFAULT_GAP_TOP, 0, 100_000),
    maxLiterals: maybeInt("maxLiterals", input.maxLiterals, DEFAULT_MAX_LITERALS, 1, 100_000_000),
    maxLiteralChars: maybeInt("maxLiteralChars", input.maxLiteralChars, DEFAULT_MAX_LITERAL_CHARS, 1, 100_000),
    excerptChars: maybeInt("excerptChars", input.excerptChars, DEFAULT_EXCERPT_CHARS, 1, 100_000),
  };
}

/**
 * The gap report of a corpus, in one pass over `docs` (an array or a
 * generator that reads a cache in chunks; each text is dropped once read).
 *
 * Memory: the buckets are six sums; the texts cost five numbers each, plus
 * the two top lists; the literals map is bounded.  When it reaches twice
 * maxLiterals distinct strings it is pruned back to maxLiterals: the
 * maxLiterals/2 most negative and maxLiterals/2 most positive total gaps
 * stay (what the top lists need), the rest move to `overflow` so that the
 * totals stay conserved.  A corpus with fewer distinct literals than
 * twice maxLiterals is exact; beyond that a literal pruned early and seen
 * again later restarts from zero, so its sums are a lower bound, which is
 * reported as `pruned` > 0.  Literal keys are cut to maxLiteralChars
 * characters (long URLs, base64 blobs, whitespace runs), so a literal costs
 * at most that much text.
 */
export function gapReport(docs: Iterable<GapDoc>, opts: GapReportOptions = {}): GapReportData {
  const o = gapReportOptions(opts);
  const nb = GAP_BUCKETS.length;
  const bBytes = new Float64Array(nb);
  const bChars = new Float64Array(nb);
  const bBits1 = new Float64Array(nb);
  const bBits2 = new Float64Array(nb);
  let literals = new Map<string, LiteralSum>();
  const overflow = { occurrences: 0, bytes: 0, chars: 0, bits1: 0, bits2: 0 };
  let pruned = 0;
  const tIndex: number[] = [];
  const tBytes: number[] = [];
  const tChars: number[] = [];
  const tBits1: number[] = [];
  const tBits2: number[] = [];
  const worse1 = new TopTexts(o.top, -1);
  const worse2 = new TopTexts(o.top, 1);
  let models: [ModelLabel, ModelLabel] | null = null;
  let scoring: [GapScoring, GapScoring] | null = null;
  let seq = 0;

  for (const doc of docs) {
    const { chars, charBytes, bits1, bits2 } = doc;
    const n = chars.length;
    if (charBytes.length !== n || bits1.length !== n || bits2.length !== n)
      throw new LmdiffError(
        `text ${doc.index}: chars, charBytes, bits1 and bits2 differ in length (${n}, ${charBytes.length}, ${bits1.length}, ${bits2.length})`,
        "bad-input",
      );
    if (doc.models) models = sameModels(models, doc.models, doc.index);
    if (doc.sides) scoring = sameScoring(scoring, [doc.sides[0].scoring, doc.sides[1].scoring], doc.index);
    const { buckets, literals: runs } = classifyText(chars);
    let bytes = 0;
    let b1 = 0;
    let b2 = 0;
    for (let i = 0; i < n; i++) {
      const k = buckets[i];
      bBytes[k] += charBytes[i];
      bChars[k]++;
      bBits1[k] += bits1[i];
      bBits2[k] += bits2[i];
      bytes += charBytes[i];
      b1 += bits1[i];
      b2 += bits2[i];
    }
    for (const r of runs) {
      let key = "";
      let rb = 0;
      let r1 = 0;
      let r2 = 0;
      for (let i = r.start; i < r.end; i++) {
        if (i - r.start < o.maxLiteralChars) key += chars[i];
        rb += charBytes[i];
        r1 += bits1[i];
        r2 += bits2[i];
      }
      if (r.end - r.start > o.maxLiteralChars) key += "…";
      let e = literals.get(key);
      if (!e) {
        e = { kind: r.kind, occurrences: 0, bytes: 0, chars: 0, bits1: 0, bits2: 0 };
        literals.set(key, e);
      }
      e.occurrences++;
      e.bytes += rb;
      e.chars += r.end - r.start;
      e.bits1 += r1;
      e.bits2 += r2;
    }
    if (literals.size >= 2 * o.maxLiterals) {
      const p = prune(literals, o.maxLiterals, overflow);
      literals = p.kept;
      pruned += p.dropped;
    }
    tIndex.push(doc.index);
    tBytes.push(bytes);
    tChars.push(n);
    tBits1.push(b1);
    tBits2.push(b2);
    if (bytes > 0) {
      const gapBpb = (b2 - b1) / bytes;
      const cand = { seq, index: doc.index, gapBpb };
      const make = () => ({ ...gapStats(bytes, n, b1, b2), index: doc.index, excerpt: excerpt(chars, o.excerptChars) });
      worse1.offer(cand, make);
      worse2.offer(cand, make);
    }
    seq++;
  }

  const totalBytes = sum(bBytes);
  const totals = gapStats(totalBytes, sum(bChars), sum(bBits1), sum(bBits2));
  let absGap = 0;
  for (let k = 0; k < nb; k++) absGap += Math.abs(bBits2[k] - bBits1[k]);
  const buckets: BucketStats[] = GAP_BUCKETS.map((bucket, k) => {
    const s = gapStats(bBytes[k], bChars[k], bBits1[k], bBits2[k]);
    return {
      bucket,
      ...s,
      share: totals.gap !== 0 ? s.gap / totals.gap : NaN,
      abs_share: absGap > 0 ? Math.abs(s.gap) / absGap : NaN,
    };
  });

  const entries = [...literals].map(([literal, e]) => ({ literal, e, gap: e.bits2 - e.bits1 }));
  const literalStats = (x: (typeof entries)[number]): LiteralStats => ({
    literal: x.literal,
    kind: x.e.kind,
    occurrences: x.e.occurrences,
    ...gapStats(x.e.bytes, x.e.chars, x.e.bits1, x.e.bits2),
  });
  const byLiteral = (a: { literal: string }, b: { literal: string }) => (a.literal < b.literal ? -1 : a.literal > b.literal ? 1 : 0);
  const model1Worse = entries
    .filter((x) => x.gap < 0)
    .sort((a, b) => a.gap - b.gap || byLiteral(a, b))
    .slice(0, o.top)
    .map(literalStats);
  const model2Worse = entries
    .filter((x) => x.gap > 0)
    .sort((a, b) => b.gap - a.gap || byLiteral(a, b))
    .slice(0, o.top)
    .map(literalStats);
  entries.sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap) || byLiteral(a, b));
  const all: LiteralColumns = {
    literal: entries.map((x) => x.literal),
    kind: entries.map((x) => x.e.kind),
    occurrences: Float64Array.from(entries, (x) => x.e.occurrences),
    bytes: Float64Array.from(entries, (x) => x.e.bytes),
    chars: Float64Array.from(entries, (x) => x.e.chars),
    bits_1: Float64Array.from(entries, (x) => x.e.bits1),
    bits_2: Float64Array.from(entries, (x) => x.e.bits2),
  };

  return {
    nTexts: seq,
    models,
    scoring,
    totals,
    buckets,
    literals: {
      model1Worse,
      model2Worse,
      kept: entries.length,
      pruned,
      overflow: { ...gapStats(overflow.bytes, overflow.chars, overflow.bits1, overflow.bits2), occurrences: overflow.occurrences },
      all,
    },
    texts: {
      model1Worse: worse1.items(),
      model2Worse: worse2.items(),
      all: {
        index: Int32Array.from(tIndex),
        bytes: Float64Array.from(tBytes),
        chars: Float64Array.from(tChars),
        bits_1: Float64Array.from(tBits1),
        bits_2: Float64Array.from(tBits2),
      },
    },
    options: o,
  };
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

/** Keep the `cap` literals the top lists can need (half the most negative gaps, half the most positive); sum the rest into `overflow`. */
function prune(
  literals: Map<string, LiteralSum>,
  cap: number,
  overflow: { occurrences: number; bytes: number; chars: number; bits1: number; bits2: number },
): { kept: Map<string, LiteralSum>; dropped: number } {
  const entries = [...literals].sort(([ka, a], [kb, b]) => a.bits2 - a.bits1 - (b.bits2 - b.bits1) || (ka < kb ? -1 : ka > kb ? 1 : 0));
  const low = Math.ceil(cap / 2);
  const high = cap - low;
  const kept = new Map<string, LiteralSum>();
  for (let i = 0; i < entries.length; i++) {
    const [k, e] = entries[i];
    if (i < low || i >= entries.length - high) kept.set(k, e);
    else {
      overflow.occurrences += e.occurrences;
      overflow.bytes += e.bytes;
      overflow.chars += e.chars;
      overflow.bits1 += e.bits1;
      overflow.bits2 += e.bits2;
    }
  }
  return { kept, dropped: entries.length - kept.size };
}

/**
 * The `n` texts with the most extreme bits-per-byte gap on one side
 * (`sign` −1: most negative first; +1: most positive first), kept sorted
 * as the texts stream by; ties by index, then by input order.  Only the
 * kept texts build their stats and excerpt.
 */
class TopTexts {
  private list: { seq: number; index: number; key: number; stats: TextStats }[] = [];
  constructor(
    private readonly n: number,
    private readonly sign: -1 | 1,
  ) {}

  offer(c: { seq: number; index: number; gapBpb: number }, make: () => TextStats): void {
    if (this.n === 0 || !(Math.sign(c.gapBpb) === this.sign)) return;
    const key = this.sign * c.gapBpb;
    const ahead = (x: { seq: number; index: number; key: number }) =>
      x.key > key || (x.key === key && (x.index < c.index || (x.index === c.index && x.seq < c.seq)));
    let at = this.list.length;
    while (at > 0 && !ahead(this.list[at - 1])) at--;
    if (at >= this.n) return;
    this.list.splice(at, 0, { seq: c.seq, index: c.index, key, stats: make() });
    if (this.list.length > this.n) this.list.pop();
  }

  items(): TextStats[] {
    return this.list.map((x) => x.stats);
  }
}

/** The first `n` characters of a text, whitespace runs as one space, trimmed, "…" when cut. */
export function excerpt(chars: readonly string[], n: number): string {
  const out: string[] = [];
  let space = false;
  for (const c of chars) {
    if (WHITESPACE.test(c)) {
      space = out.length > 0;
      continue;
    }
    if (space) out.push(" ");
    space = false;
    out.push(c);
    if (out.length > n) return out.slice(0, n).join("").trimEnd() + "…";
  }
  return out.join("");
}

function sameModels(seen: [ModelLabel, ModelLabel] | null, m: readonly [ModelLabel, ModelLabel], index: number): [ModelLabel, ModelLabel] {
  if (seen === null) return [m[0], m[1]];
  for (const j of [0, 1])
    if (seen[j].name !== m[j].name || seen[j].spec !== m[j].spec)
      throw new LmdiffError(
        `text ${index} compares ${m[0].name} and ${m[1].name}, not ${seen[0].name} and ${seen[1].name} as the texts before it`,
        "incompatible-models",
      );
  return seen;
}

function sameScoring(seen: [GapScoring, GapScoring] | null, s: [GapScoring, GapScoring], index: number): [GapScoring, GapScoring] {
  if (seen === null) return s;
  if (seen[0] !== s[0] || seen[1] !== s[1])
    throw new LmdiffError(
      `text ${index} is scored ${s[0]}/${s[1]}, not ${seen[0]}/${seen[1]} as the texts before it`,
      "incompatible-models",
    );
  return seen;
}
