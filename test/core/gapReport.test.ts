import assert from "node:assert/strict";
import { test } from "node:test";
import {
  charBucket,
  classifyText,
  excerpt,
  GAP_BUCKETS,
  gapReport,
  urlSpans,
  type GapBucket,
  type GapDoc,
  type GapReportData,
} from "../../src/core/gapReport.ts";
import { seededRandom } from "../../src/core/seededRandom.ts";
import { assertOneLineError } from "../export/snapshot.ts";

/** A text with the given bits per character for each model (a number: the same for every character). */
function doc(index: number, text: string, bits1: number | number[], bits2: number | number[]): GapDoc {
  const chars = Array.from(text);
  const per = (b: number | number[]) => Float64Array.from(chars, (_, i) => (typeof b === "number" ? b : b[i]));
  return { index, text, chars, charBytes: Uint8Array.from(chars, (c) => Buffer.byteLength(c)), bits1: per(bits1), bits2: per(bits2) };
}

/** The literals of a text as "kind:literal" strings. */
function literals(text: string): string[] {
  const chars = Array.from(text);
  return classifyText(chars).literals.map((l) => `${l.kind}:${chars.slice(l.start, l.end).join("")}`);
}

/** Each character's bucket. */
function buckets(text: string): GapBucket[] {
  return Array.from(classifyText(Array.from(text)).buckets, (b) => GAP_BUCKETS[b]);
}

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

// Buckets.

test("charBucket puts ASCII letters in words, 0–9 in digits, spaces and control characters in whitespace, other ASCII in punctuation", () => {
  for (const c of "azAZ") assert.equal(charBucket(c), "words");
  for (const c of "0189") assert.equal(charBucket(c), "digits");
  for (const c of " \t\r\n\x00\x07\x1b\x7f") assert.equal(charBucket(c), "whitespace", JSON.stringify(c));
  for (const c of "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") assert.equal(charBucket(c), "punctuation", c);
});

test("charBucket puts umlauts, accents, CJK, emoji, combining marks and non-ASCII digits in non_ascii", () => {
  for (const c of ["ü", "Ä", "ß", "é", "ï", "漢", "字", "あ", "한", "😀", "☃", "©", "\ufe0f", "\u200d", "\u0301", "🏽", "🇩", "٣", "\u0085"])
    assert.equal(charBucket(c), "non_ascii", JSON.stringify(c));
});

test("charBucket puts non-ASCII punctuation and symbols in punctuation and Unicode spaces in whitespace", () => {
  for (const c of ["—", "–", "€", "«", "»", "“", "„", "…", "。", "、", "±", "→"]) assert.equal(charBucket(c), "punctuation", c);
  for (const c of ["\u00a0", "\u2009", "\u3000", "\u2028"]) assert.equal(charBucket(c), "whitespace", JSON.stringify(c));
});

test("urlSpans ends a URL before trailing sentence punctuation and before a closing bracket it does not open", () => {
  const url = (text: string) => urlSpans(Array.from(text)).map(([s, e]) => Array.from(text).slice(s, e).join(""));
  assert.deepEqual(url("see https://x.org/a?b=1&c=2."), ["https://x.org/a?b=1&c=2"]);
  assert.deepEqual(url("(see https://x.org/a), then"), ["https://x.org/a"]);
  assert.deepEqual(url("(https://en.wikipedia.org/wiki/Foo_(bar))."), ["https://en.wikipedia.org/wiki/Foo_(bar)"]);
  assert.deepEqual(url("at www.example.com: ok; http://a.b/c!?"), ["www.example.com", "http://a.b/c"]);
  assert.deepEqual(url('href="https://x.org/q"'), ["https://x.org/q"]);
  assert.deepEqual(url("«https://de.wikipedia.org/wiki/Büro»"), ["https://de.wikipedia.org/wiki/Büro"]);
  assert.deepEqual(url("HTTPS://X.ORG and ftp://files.x/y.tar.gz"), ["HTTPS://X.ORG", "ftp://files.x/y.tar.gz"]);
});

test("urlSpans finds no URL in bare domains, a lone scheme, or www glued to a word", () => {
  for (const text of ["example.com e.g. file.txt", "https:// and http://.", "awww.nope.org", "", "mailto:a@b.c"])
    assert.deepEqual(urlSpans(Array.from(text)), [], text);
});

test("URL characters are in the url bucket whatever they are, and the punctuation after a URL is not", () => {
  const b = buckets("a http://x.io/1?q=ü.");
  assert.deepEqual(b.slice(0, 2), ["words", "whitespace"]);
  assert.ok(b.slice(2, -1).every((x) => x === "url"));
  assert.equal(b.at(-1), "punctuation");
});

test("classifyText: literals are runs of one bucket, and CR/LF with indentation is one whitespace literal", () => {
  assert.deepEqual(literals("Hi, 3.14!\r\n  ok"), [
    "words:Hi",
    "punctuation:,",
    "whitespace: ",
    "digits:3",
    "punctuation:.",
    "digits:14",
    "punctuation:!",
    "whitespace:\r\n  ",
    "words:ok",
  ]);
});

test("classifyText keeps words with umlauts and emoji sequences whole and gives each ideograph its own literal", () => {
  assert.deepEqual(literals("Büro naïve e\u0301t\u00e9"), [
    "words:Büro",
    "whitespace: ",
    "words:naïve",
    "whitespace: ",
    "words:e\u0301t\u00e9",
  ]);
  assert.deepEqual(literals("☃️😀👨‍👩‍👧 #️⃣"), ["non_ascii:☃️😀👨‍👩‍👧", "whitespace: ", "punctuation:#️⃣"]);
  assert.deepEqual(literals("漢字。かな"), ["words:漢", "words:字", "punctuation:。", "words:か", "words:な"]);
  assert.deepEqual(literals("\ufe0fa"), ["non_ascii:\ufe0f", "words:a"]);
  // The umlaut is non_ascii even though its word is one literal.
  assert.deepEqual(buckets("Bü"), ["words", "non_ascii"]);
});

test("classifyText of an empty text has no buckets and no literals", () => {
  const c = classifyText([]);
  assert.equal(c.buckets.length, 0);
  assert.deepEqual(c.literals, []);
});

test("excerpt shows whitespace runs as one space and cuts with …", () => {
  assert.equal(excerpt(Array.from("  a\n\n b\tc  "), 80), "a b c");
  assert.equal(excerpt(Array.from("abcdef ghij"), 7), "abcdef…");
  assert.equal(excerpt(Array.from("😀😀😀"), 2), "😀😀…");
  assert.equal(excerpt([], 5), "");
});

// Totals and conservation.

function randomCorpus(seed: number, n: number): GapDoc[] {
  const rnd = seededRandom(seed);
  const pieces = [
    "the",
    "Büro",
    " ",
    "  ",
    "\r\n",
    "42",
    "3.14",
    ",",
    "—",
    "😀",
    "漢字",
    "https://x.org/a_(b)",
    "www.y.de.",
    "naïve",
    "!",
    "\t",
  ];
  const docs: GapDoc[] = [];
  for (let d = 0; d < n; d++) {
    let text = "";
    const len = Math.floor(rnd() * 30);
    for (let i = 0; i < len; i++) text += pieces[Math.floor(rnd() * pieces.length)];
    const m = Array.from(text).length;
    docs.push(
      doc(
        d,
        text,
        Array.from({ length: m }, () => rnd() * 8),
        Array.from({ length: m }, () => rnd() * 8),
      ),
    );
  }
  return docs;
}

function sums(docs: GapDoc[]) {
  let bytes = 0;
  let chars = 0;
  let b1 = 0;
  let b2 = 0;
  for (const d of docs)
    for (let i = 0; i < d.chars.length; i++) {
      bytes += d.charBytes[i];
      chars++;
      b1 += d.bits1[i];
      b2 += d.bits2[i];
    }
  return { bytes, chars, b1, b2 };
}

function assertConserved(r: GapReportData, docs: GapDoc[]) {
  const s = sums(docs);
  assert.equal(r.totals.bytes, s.bytes);
  assert.equal(r.totals.chars, s.chars);
  close(r.totals.bits_1, s.b1, "total bits 1");
  close(r.totals.bits_2, s.b2, "total bits 2");
  const add = (f: (x: number) => number, n: number) => Array.from({ length: n }, (_, i) => f(i)).reduce((a, b) => a + b, 0);
  // Buckets.
  assert.equal(
    add((i) => r.buckets[i].bytes, r.buckets.length),
    s.bytes,
  );
  close(
    add((i) => r.buckets[i].bits_1, r.buckets.length),
    s.b1,
    "bucket bits 1",
  );
  close(
    add((i) => r.buckets[i].bits_2, r.buckets.length),
    s.b2,
    "bucket bits 2",
  );
  // Literals, the pruned ones included.
  const L = r.literals.all;
  assert.equal(add((i) => L.bytes[i], L.literal.length) + r.literals.overflow.bytes, s.bytes);
  assert.equal(add((i) => L.chars[i], L.literal.length) + r.literals.overflow.chars, s.chars);
  close(add((i) => L.bits_1[i], L.literal.length) + r.literals.overflow.bits_1, s.b1, "literal bits 1");
  close(add((i) => L.bits_2[i], L.literal.length) + r.literals.overflow.bits_2, s.b2, "literal bits 2");
  // Texts.
  const T = r.texts.all;
  assert.equal(T.index.length, docs.length);
  close(
    add((i) => T.bits_1[i], T.index.length),
    s.b1,
    "text bits 1",
  );
  close(
    add((i) => T.bits_2[i], T.index.length),
    s.b2,
    "text bits 2",
  );
}

test("gapReport conserves bits: buckets, literals and texts each sum to each model's total", () => {
  const docs = randomCorpus(7, 60);
  const r = gapReport(docs);
  assert.equal(r.literals.pruned, 0);
  assertConserved(r, docs);
  assert.equal(r.nTexts, 60);
});

test("gapReport reads a generator once, as from a cache read in chunks", () => {
  const docs = randomCorpus(3, 20);
  function* gen() {
    yield* docs;
  }
  assert.deepEqual(gapReport(gen()).totals, gapReport(docs).totals);
});

test("gapReport's bucket shares are signed and sum to 1, abs shares are in [0, 1] and sum to 1", () => {
  const r = gapReport(randomCorpus(11, 40));
  close(
    r.buckets.reduce((a, b) => a + b.share, 0),
    1,
    "shares",
  );
  close(
    r.buckets.reduce((a, b) => a + b.abs_share, 0),
    1,
    "abs shares",
  );
  for (const b of r.buckets) {
    close(b.share, b.gap / r.totals.gap, `${b.bucket} share`);
    assert.ok(b.abs_share >= 0 && b.abs_share <= 1);
  }
  const tie = gapReport([doc(0, "ab 1", 2, 2)]);
  for (const b of tie.buckets) {
    assert.ok(Number.isNaN(b.share));
    assert.ok(Number.isNaN(b.abs_share));
  }
});

test("gapReport matches a reference computed by hand on a small corpus", () => {
  // Text 0: "Hi 42, ü!"  — bits per char (model 1 / model 2) as below.
  //          H  i  ␣  4  2  ,  ␣  ü  !
  const b1 = [1, 1, 2, 3, 3, 1, 2, 8, 1];
  const b2 = [2, 2, 2, 1, 1, 1, 2, 2, 3];
  // Text 1: "Hi www.a.de" — model 1 2 bits per char, model 2 3.
  const docs = [doc(0, "Hi 42, ü!", b1, b2), doc(5, "Hi www.a.de", 2, 3)];
  const r = gapReport(docs);
  // Hand classification: words H i (t0), H i (t1); whitespace 2 (t0) + 1 (t1); digits 4 2; punctuation , !; non_ascii ü; url 8 chars.
  const expected: Record<GapBucket, [number, number, number, number]> = {
    // bytes, chars, bits_1, bits_2
    words: [4, 4, 1 + 1 + 2 + 2, 2 + 2 + 3 + 3],
    whitespace: [3, 3, 2 + 2 + 2, 2 + 2 + 3],
    punctuation: [2, 2, 1 + 1, 1 + 3],
    digits: [2, 2, 3 + 3, 1 + 1],
    non_ascii: [2, 1, 8, 2],
    url: [8, 8, 16, 24],
  };
  for (const b of r.buckets) {
    const [bytes, chars, x1, x2] = expected[b.bucket];
    assert.deepEqual([b.bytes, b.chars, b.bits_1, b.bits_2], [bytes, chars, x1, x2], b.bucket);
    assert.equal(b.gap, x2 - x1);
    if (bytes > 0) assert.equal(b.bpb_1, x1 / bytes);
  }
  assert.deepEqual([r.totals.bytes, r.totals.bits_1, r.totals.bits_2, r.totals.gap], [21, 22 + 22, 16 + 33, 16 + 33 - 44]);
  // Literals: "Hi" twice (model 1: 2 + 4 bits, model 2: 4 + 6), "ü" alone (a word of non-ASCII letters), the URL.
  const lit = (s: string) => {
    const i = r.literals.all.literal.indexOf(s);
    assert.ok(i >= 0, s);
    return [r.literals.all.occurrences[i], r.literals.all.bits_1[i], r.literals.all.bits_2[i]];
  };
  assert.deepEqual(lit("Hi"), [2, 6, 10]);
  assert.deepEqual(lit("ü"), [1, 8, 2]);
  assert.deepEqual(lit("42"), [1, 6, 2]);
  assert.deepEqual(lit(" "), [3, 6, 7]);
  assert.deepEqual(lit("www.a.de"), [1, 16, 24]);
  assert.deepEqual(
    r.literals.model1Worse.map((l) => [l.literal, l.gap]),
    [
      ["ü", -6],
      ["42", -4],
    ],
  );
  assert.deepEqual(
    r.literals.model2Worse.map((l) => [l.literal, l.gap]),
    [
      ["www.a.de", 8],
      ["Hi", 4],
      ["!", 2],
      [" ", 1],
    ],
  );
  // Texts: 0 has 10 bytes, 22 vs 16 bits; 1 has 11 bytes, 22 vs 33 bits.
  assert.deepEqual(
    r.texts.model1Worse.map((t) => [t.index, t.bpb_1, t.bpb_2, t.excerpt]),
    [[0, 22 / 10, 16 / 10, "Hi 42, ü!"]],
  );
  assert.deepEqual(
    r.texts.model2Worse.map((t) => [t.index, t.gap_bpb]),
    [[5, 1]],
  );
});

// Top lists.

test("top literals rank by total gap, not by gap per byte, and break ties by literal", () => {
  const docs = [
    doc(0, "aa b b b", 1, 2), // "aa": gap 2; "b" three times: gap 3; " " three times: gap 3
    doc(1, "zz yy", 2, 1), // "zz", "yy": gap −2 each, a tie; " ": gap −1, so 2 in all, tied with "aa"
  ];
  const r = gapReport(docs);
  assert.deepEqual(
    r.literals.model2Worse.map((l) => [l.literal, l.gap]),
    [
      ["b", 3],
      [" ", 2],
      ["aa", 2],
    ],
  );
  assert.deepEqual(
    r.literals.model1Worse.map((l) => l.literal),
    ["yy", "zz"],
  );
  assert.equal(gapReport(docs, { top: 1 }).literals.model2Worse.length, 1);
  assert.equal(gapReport(docs, { top: 0 }).literals.model1Worse.length, 0);
});

test("top texts rank by bits-per-byte gap, ties by index then input order, and leave out ties at 0 and empty texts", () => {
  const docs = [
    doc(9, "abc", 1, 2), // +1 bpb
    doc(3, "abcdef", 1, 2), // +1 bpb, lower index
    doc(3, "x", 1, 2), // +1 bpb, same index, later
    doc(4, "z", 1, 4), // +3 bpb
    doc(5, "q", 2, 2), // 0
    doc(6, "", 0, 0), // empty
    doc(7, "w", 3, 1), // −2
  ];
  const r = gapReport(docs);
  assert.deepEqual(
    r.texts.model2Worse.map((t) => [t.index, t.excerpt]),
    [
      [4, "z"],
      [3, "abcdef"],
      [3, "x"],
      [9, "abc"],
    ],
  );
  assert.deepEqual(
    r.texts.model1Worse.map((t) => t.index),
    [7],
  );
  assert.deepEqual(
    gapReport(docs, { top: 2 }).texts.model2Worse.map((t) => t.excerpt),
    ["z", "abcdef"],
  );
  assert.ok(Number.isNaN(gapReport([doc(6, "", 0, 0)]).totals.bpb_1));
});

// Memory bounds.

test("the literal map is pruned to maxLiterals, keeps the extreme gaps and conserves the totals in overflow", () => {
  // 200 distinct words: word i has gap (i − 100) bits; "big" and "low" are the extremes.
  const docs: GapDoc[] = [];
  for (let i = 0; i < 200; i++)
    docs.push(doc(i, `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, 0, (i - 100) / 3));
  docs.push(doc(200, "big", 0, 100), doc(201, "low", 100, 0));
  const r = gapReport(docs, { maxLiterals: 10, top: 3 });
  assert.ok(r.literals.pruned > 0);
  assert.ok(r.literals.kept < 20);
  assertConserved(r, docs);
  assert.equal(r.literals.model2Worse[0].literal, "big");
  assert.equal(r.literals.model1Worse[0].literal, "low");
  // Without the cap in the way the same corpus is exact.
  const exact = gapReport(docs);
  assert.equal(exact.literals.pruned, 0);
  assert.equal(exact.literals.kept, 202);
});

test("literals longer than maxLiteralChars are keyed by their start and …, and still count in full", () => {
  const long = "a".repeat(100);
  const r = gapReport([doc(0, long, 1, 2), doc(1, long + "b", 1, 2)], { maxLiteralChars: 10 });
  assert.deepEqual(r.literals.all.literal, ["aaaaaaaaaa…"]);
  assert.equal(r.literals.all.occurrences[0], 2);
  assert.equal(r.literals.all.bytes[0], 201);
});

// Input checks.

test("gapReport records models and scoring from AlignedData and rejects texts of other models", () => {
  const models = [
    { name: "a", spec: "a" },
    { name: "b", spec: "b" },
  ] as const;
  const sides = [{ scoring: "causal" }, { scoring: "masked" }] as const;
  const r = gapReport([{ ...doc(0, "x", 1, 1), models, sides }]);
  assert.deepEqual(r.models, models);
  assert.deepEqual(r.scoring, ["causal", "masked"]);
  assert.equal(gapReport([doc(0, "x", 1, 1)]).models, null);
  assertOneLineError(
    () =>
      gapReport([
        { ...doc(0, "x", 1, 1), models },
        { ...doc(1, "y", 1, 1), models: [models[1], models[0]] },
      ]),
    /text 1 compares b and a, not a and b/,
  );
  assertOneLineError(
    () =>
      gapReport([
        { ...doc(0, "x", 1, 1), sides },
        { ...doc(1, "y", 1, 1), sides: [sides[0], sides[0]] },
      ]),
    /text 1 is scored causal\/causal, not causal\/masked/,
  );
});

test("gapReport rejects arrays of different lengths and bad options in one line", () => {
  const bad = { ...doc(4, "abc", 1, 1), bits2: new Float64Array(2) };
  assertOneLineError(() => gapReport([bad]), /text 4: chars, charBytes, bits1 and bits2 differ in length \(3, 3, 3, 2\)/);
  assertOneLineError(() => gapReport([], { top: -1 }), /invalid top -1/);
  assertOneLineError(() => gapReport([], { maxLiterals: 0 }), /invalid maxLiterals 0/);
  assertOneLineError(() => gapReport([], { nope: 1 } as never), /unknown gap report option "nope"/);
});

test("gapReport of no texts has zero totals, NaN bits per byte and empty lists", () => {
  const r = gapReport([]);
  assert.equal(r.nTexts, 0);
  assert.equal(r.totals.bytes, 0);
  assert.ok(Number.isNaN(r.totals.bpb_1) && Number.isNaN(r.totals.gap_bpb));
  assert.equal(r.buckets.length, GAP_BUCKETS.length);
  assert.deepEqual([r.literals.model1Worse, r.literals.model2Worse, r.texts.model1Worse, r.texts.model2Worse], [[], [], [], []]);
});
