"""Step 2b: an uncased WordPiece tokenizer (BERT style), trained from scratch.

Like Hugging Face's WordPieceTrainer, the vocabulary is learned with BPE
merges over characters where every non-initial character carries the "##"
continuation prefix; encoding is BERT's greedy longest-match-first.  The
normaliser and pre-tokeniser mirror what `@huggingface/tokenizers` does for
BertNormalizer (clean text, CJK spacing, strip accents, lowercase) and
BertPreTokenizer (split on whitespace and punctuation); a Node test checks
that both give the same ids.
"""
import collections
import json
import os
import sys
import unicodedata

import regex

from bpe import learn_merges
from common import log, write_json

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PUNCT = r"\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E"
WORD = regex.compile(rf"[^\s{PUNCT}]+|[{PUNCT}]")
CJK = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF)]


def normalize(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs"):
            continue
        if ch.isspace():
            out.append(" ")
        elif any(lo <= cp <= hi for lo, hi in CJK):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    text = unicodedata.normalize("NFD", "".join(out))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.lower()


def pretokenize(text):
    return WORD.findall(normalize(text).strip())


def tokenizer_json(vocab):
    ids = {t: vocab[t] for t in SPECIALS}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


def tokenizer_config(max_len):
    return {"do_lower_case": True, "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]",
            "pad_token": "[PAD]", "unk_token": "[UNK]", "model_max_length": max_len,
            "tokenizer_class": "BertTokenizer", "clean_up_tokenization_spaces": True}


def train(lines, vocab_size, min_char_count=3):
    word_freq = collections.Counter()
    for line in lines:
        word_freq.update(pretokenize(line))
    char_count = collections.Counter()
    for w, f in word_freq.items():
        for c in w:
            char_count[c] += f
    chars = sorted(c for c, n in char_count.items() if n >= min_char_count)
    alphabet = sorted(set(chars) | {"##" + c for c in chars})
    keep = set(chars)
    words, freqs = [], []
    for w, f in word_freq.items():
        if all(c in keep for c in w):
            words.append([w[0]] + ["##" + c for c in w[1:]])
            freqs.append(f)
    join = lambda a, b: a + (b[2:] if b.startswith("##") else b)
    vocab = {t: i for i, t in enumerate(SPECIALS)}
    for t in alphabet:
        vocab.setdefault(t, len(vocab))
    for a, b in learn_merges(words, freqs, vocab_size * 2, join):
        if len(vocab) >= vocab_size:
            break
        vocab.setdefault(join(a, b), len(vocab))
    return vocab


class Encoder:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.vocab = json.load(f)["model"]["vocab"]
        self.unk = self.vocab["[UNK]"]
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]
        self.mask, self.pad = self.vocab["[MASK]"], self.vocab["[PAD]"]

    def encode_word(self, word):
        if len(word) > 100:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out

    def encode(self, text):
        """Token ids without [CLS]/[SEP]."""
        ids = []
        for w in pretokenize(text):
            ids.extend(self.encode_word(w))
        return ids


def main(train_file, out_dir, vocab_size, max_len):
    with open(train_file, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    vocab = train(lines, vocab_size)
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, "tokenizer.json"), tokenizer_json(vocab))
    write_json(os.path.join(out_dir, "tokenizer_config.json"), tokenizer_config(max_len), indent=2)
    log(f"WordPiece {out_dir}: {len(vocab)} entries")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
