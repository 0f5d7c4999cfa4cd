import assert from "node:assert/strict";
import { test } from "node:test";
import { alignTokens, charByteLengths, type TokenSurface } from "../../src/core/alignTokens.ts";

const enc = new TextEncoder();
const bytes = (s: string): TokenSurface => ({ bytes: enc.encode(s) });
const text = (s: string): TokenSurface => ({ text: s });

/** The characters each token owns, as strings. */
function owned(t: string, surfaces: TokenSurface[]): string[] {
  const chars = Array.from(t);
  const s = alignTokens(t, surfaces);
  return Array.from(s.start, (a, i) => chars.slice(a, s.end[i]).join(""));
}

/** Spans are contiguous, in order, and cover every byte of the text exactly once. */
function assertCovers(t: string, surfaces: TokenSurface[]): void {
  const s = alignTokens(t, surfaces);
  const n = enc.encode(t).length;
  let at = 0;
  for (let i = 0; i < surfaces.length; i++) {
    assert.equal(s.byteStart[i], at, `token ${i} starts where the previous ended`);
    assert.ok(s.byteEnd[i] >= s.byteStart[i]);
    at = s.byteEnd[i];
  }
  assert.equal(at, n, "the tokens cover the whole text");
}

test("charByteLengths gives the UTF-8 length of each code point", () => {
  assert.deepEqual(Array.from(charByteLengths(Array.from("aé€😀"))), [1, 2, 3, 4]);
});

test("alignTokens gives byte-level tokens exactly their bytes", () => {
  const t = "Hello world";
  const s = alignTokens(t, [bytes("Hello"), bytes(" world")]);
  assert.deepEqual(Array.from(s.byteStart), [0, 5]);
  assert.deepEqual(Array.from(s.byteEnd), [5, 11]);
  assert.deepEqual(owned(t, [bytes("Hello"), bytes(" world")]), ["Hello", " world"]);
  assert.equal(s.approximate, 0);
});

test("alignTokens shares a character split over byte-level tokens between them", () => {
  // 😀 is F0 9F 98 80: two tokens of two bytes each, then "!".
  const t = "a😀!";
  const e = enc.encode("😀");
  const surfaces: TokenSurface[] = [bytes("a"), { bytes: e.slice(0, 2) }, { bytes: e.slice(2) }, bytes("!")];
  const s = alignTokens(t, surfaces);
  assert.deepEqual(Array.from(s.byteStart), [0, 1, 3, 5]);
  assert.deepEqual(Array.from(s.byteEnd), [1, 3, 5, 6]);
  // Both halves own the emoji's character.
  assert.deepEqual(owned(t, surfaces), ["a", "😀", "😀", "!"]);
  assertCovers(t, surfaces);
});

test("alignTokens lines up WordPiece tokens of a lower-cased, accent-stripped text, giving dropped spaces to the next word", () => {
  const t = "Der  Büro-Café\n";
  const surfaces = [text("der"), text("buro"), text("-"), text("ca"), text("fe")];
  assert.deepEqual(owned(t, surfaces), ["Der", "  Büro", "-", "Ca", "fé\n"]);
  assertCovers(t, surfaces);
  assert.equal(alignTokens(t, surfaces).approximate, 0);
});

test("alignTokens lets [UNK] own one word, or one symbol", () => {
  const t = "I ♥ naïveté, ok";
  assert.deepEqual(owned(t, [text("i"), { unknown: true }, { unknown: true }, text(","), text("ok")]), ["I", " ♥", " naïveté", ",", " ok"]);
});

test("alignTokens reads SentencePiece pieces with ▁ as a space", () => {
  const t = "the cat";
  assert.deepEqual(owned(t, [text("▁the"), text("▁c"), text("at")]), ["the", " c", "at"]);
});

test("alignTokens falls back to the text for byte-level tokens that do not spell it, and counts what it could not place", () => {
  // A normaliser changed the text (NFC vs NFD): the bytes differ, the text matches after folding.
  const t = "cafe\u0301 bar";
  const s = alignTokens(t, [bytes("café"), bytes(" bar")]);
  assert.equal(s.approximate, 0);
  assert.deepEqual(owned(t, [bytes("café"), bytes(" bar")]), ["cafe\u0301", " bar"]);
  // A token that is not in the text at all takes as many characters as it has.
  const odd = alignTokens("abcdef", [text("ab"), text("zz"), text("ef")]);
  assert.equal(odd.approximate, 1);
  assertCovers("abcdef", [text("ab"), text("zz"), text("ef")]);
});

test("alignTokens gives a token with no text no bytes, and the last token what trails", () => {
  const t = "ab  ";
  const surfaces = [text("a"), text(""), text("b")];
  const s = alignTokens(t, surfaces);
  assert.deepEqual(Array.from(s.byteStart), [0, 1, 1]);
  assert.deepEqual(Array.from(s.byteEnd), [1, 1, 4]);
  assertCovers(t, surfaces);
});

test("alignTokens of no tokens owns nothing", () => {
  const s = alignTokens("   ", []);
  assert.equal(s.start.length, 0);
});
