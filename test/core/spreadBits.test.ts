import assert from "node:assert/strict";
import { test } from "node:test";
import { charByteLengths } from "../../src/core/alignTokens.ts";
import { spreadBits } from "../../src/core/spreadBits.ts";

const LN2 = Math.LN2;

test("spreadBits spreads a token's −log₂ p evenly over its bytes and sums them per character", () => {
  // "aé": a = 1 byte, é = 2 bytes; one token "aé" of 3 bytes with p = 1/8 (3 bits).
  const { bits, total } = spreadBits([Math.log(1 / 8)], Int32Array.of(0), Int32Array.of(3), charByteLengths(["a", "é"]));
  assert.equal(total, 3);
  assert.deepEqual(Array.from(bits), [1, 2]);
});

test("spreadBits gives a character split over two tokens its bytes' shares of each", () => {
  // "x😀": token 0 = x + first two bytes of 😀 (3 bytes, 6 bits), token 1 = last two bytes (2 bytes, 1 bit).
  const { bits } = spreadBits([-6 * LN2, -1 * LN2], Int32Array.of(0, 3), Int32Array.of(3, 5), charByteLengths(["x", "😀"]));
  assert.ok(Math.abs(bits[0] - 2) < 1e-12);
  assert.ok(Math.abs(bits[1] - 5) < 1e-12);
});

test("spreadBits passes the bits of a token with no bytes to the next token, or to the previous one at the end", () => {
  const cb = charByteLengths(["a", "b"]);
  const r1 = spreadBits([-1 * LN2, -2 * LN2, -4 * LN2], Int32Array.of(0, 1, 1), Int32Array.of(1, 1, 2), cb);
  assert.deepEqual(
    Array.from(r1.bits, (x) => Math.round(x * 1e9) / 1e9),
    [1, 6],
  );
  const r2 = spreadBits([-1 * LN2, -2 * LN2, -4 * LN2], Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 2), cb);
  assert.deepEqual(
    Array.from(r2.bits, (x) => Math.round(x * 1e9) / 1e9),
    [1, 6],
  );
  assert.equal(r2.total, 7);
});

test("spreadBits conserves the total on random segmentations", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let trial = 0; trial < 50; trial++) {
    const chars = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => ["a", "ß", "€", "😀"][Math.floor(rand() * 4)]);
    const cb = charByteLengths(chars);
    const nb = cb.reduce((s, x) => s + x, 0);
    const cuts = [0];
    while (cuts[cuts.length - 1] < nb) cuts.push(Math.min(nb, cuts[cuts.length - 1] + Math.floor(rand() * 5)));
    const n = cuts.length - 1;
    const lp = Array.from({ length: n }, () => Math.log(rand() * 0.99 + 0.001));
    const { bits, total } = spreadBits(lp, Int32Array.from(cuts.slice(0, -1)), Int32Array.from(cuts.slice(1)), cb);
    const expected = lp.reduce((s, x) => s - x / LN2, 0);
    assert.ok(Math.abs(total - expected) < 1e-9);
    assert.ok(Math.abs(bits.reduce((s, x) => s + x, 0) - expected) < 1e-9, `trial ${trial}`);
  }
});
