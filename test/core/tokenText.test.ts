import assert from "node:assert/strict";
import { test } from "node:test";
import { byteLevelBytes, decodeByteLevel, decodeByteLevelToken, decodeWordPiece, decodeWordPieceToken } from "../../src/core/tokenText.ts";

test("decodeByteLevel shows spaces and newlines as the characters they are", () => {
  assert.deepEqual(decodeByteLevel(["Hello", "Ġworld", "Ċ", "ĠĠ"]).text, ["Hello", " world", "\n", "  "]);
});

test("decodeByteLevel shows a character split over tokens once, on its first token", () => {
  // "ü" is C3 BC; "😀" is F0 9F 98 80, each byte its own token here.
  const d = decodeByteLevel(["Ġ", "Ã", "¼", "ber", "Ġ", "ð", "Ł", "ĺ", "Ģ"]);
  assert.equal(d.text.join(""), " über 😀");
  assert.deepEqual(d.text, [" ", "ü", "", "ber", " ", "😀", "", "", ""]);
  assert.deepEqual(Array.from(d.partial), [0, 0, 1, 0, 0, 0, 1, 1, 1]);
});

test("decodeByteLevel keeps special tokens and never shows mojibake", () => {
  const d = decodeByteLevel(["<|endoftext|>", "GrÃ¼ÃŁe"]);
  assert.deepEqual(d.text, ["<|endoftext|>", "Grüße"]);
});

test("a lone token with an incomplete character shows its bytes as ⟨XX⟩", () => {
  assert.equal(decodeByteLevelToken("Ã"), "⟨C3⟩");
  assert.equal(decodeByteLevelToken("Ġthe"), " the");
  assert.equal(byteLevelBytes("▁word"), null, "a character outside the byte table is not byte-level");
});

test("decodeWordPiece joins ## pieces and spaces whole words", () => {
  assert.deepEqual(decodeWordPiece(["un", "##believ", "##able", "!", "[UNK]"]).text, ["un", "believ", "able", " !", " [UNK]"]);
  assert.equal(decodeWordPieceToken("##ing"), "-ing");
});
