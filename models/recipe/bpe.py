"""Step 2a: a GPT-2 style byte-level BPE, trained from scratch in plain Python.

Written as a Hugging Face `tokenizer.json`, so that `@huggingface/tokenizers`
(in Node) and this module give the same ids; a test in `npm test` checks it.
The algorithm is Sennrich et al. (2016) over bytes, with GPT-2's
pre-tokenisation regex and byte-to-unicode table (Radford et al., 2019).
"""
import collections
import heapq
import json
import os
import sys

import regex

from common import EOT, log, write_json

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
SPLIT = regex.compile(GPT2_PATTERN)


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_TO_CHAR = bytes_to_unicode()


def pretokenize(text):
    return ["".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8")) for piece in SPLIT.findall(text)]


def learn_merges(words, freqs, n_merges, join=lambda a, b: a + b):
    """BPE merge learning over symbol sequences, with incremental pair counts.

    `words` are lists of symbols, `freqs` their counts; `join` builds the
    merged symbol (WordPiece uses it to drop the "##" of the right symbol).
    Returns the merges in order.  Ties are broken by the pair itself, so the
    result never depends on dict order.
    """
    words = [list(w) for w in words]
    pair_count = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -negc or -negc <= 0:
            continue
        a, b = pair
        merged = join(a, b)
        merges.append(pair)
        touched = set()
        for i in list(where[pair]):
            w = words[i]
            f = freqs[i]
            j = 0
            out = []
            changed = False
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(merged)
                    j += 2
                    changed = True
                else:
                    out.append(w[j])
                    j += 1
            if not changed:
                continue
            for x, y in zip(w, w[1:]):
                pair_count[(x, y)] -= f
                touched.add((x, y))
            for x, y in zip(out, out[1:]):
                pair_count[(x, y)] += f
                where[(x, y)].add(i)
                touched.add((x, y))
            words[i] = out
        del pair_count[pair]
        for p in touched:
            if p != pair and pair_count.get(p, 0) > 0:
                heapq.heappush(heap, (-pair_count[p], p))
    return merges


def train(lines, vocab_size):
    word_freq = collections.Counter()
    for line in lines:
        word_freq.update(pretokenize(line))
    alphabet = [BYTE_TO_CHAR[b] for b in range(256)]
    n_merges = vocab_size - len(alphabet) - 1  # one id is kept for <|endoftext|>
    merges = learn_merges(list(word_freq), list(word_freq.values()), n_merges)
    vocab = {c: i for i, c in enumerate(alphabet)}
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab[EOT] = len(vocab)
    return vocab, merges


def tokenizer_json(vocab, merges):
    eot_id = vocab[EOT]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": eot_id, "content": EOT, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


def tokenizer_config(model_max_length):
    return {"add_bos_token": False, "add_prefix_space": False, "bos_token": EOT, "eos_token": EOT,
            "unk_token": EOT, "clean_up_tokenization_spaces": False, "model_max_length": model_max_length,
            "tokenizer_class": "GPT2Tokenizer"}


class Encoder:
    """Encodes like the Hugging Face BPE model: lowest-rank merge first."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            tj = json.load(f)
        self.vocab = tj["model"]["vocab"]
        self.ranks = {tuple(m.split(" ")) if isinstance(m, str) else tuple(m): i
                      for i, m in enumerate(tj["model"]["merges"])}
        self.eot = self.vocab[EOT]
        self.cache = {}

    def bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        w = list(word)
        while len(w) > 1:
            best = None
            for i in range(len(w) - 1):
                r = self.ranks.get((w[i], w[i + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            a, b = w[best[1]], w[best[1] + 1]
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            w = out
        ids = [self.vocab[t] for t in w]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        ids = []
        for piece in pretokenize(text):
            ids.extend(self.bpe(piece))
        return ids

    def decode(self, ids):
        inv = {v: k for k, v in self.vocab.items()}
        char_to_byte = {c: b for b, c in BYTE_TO_CHAR.items()}
        data = bytearray()
        for i in ids:
            tok = inv[i]
            if tok == EOT:
                data.extend(tok.encode())
            else:
                data.extend(char_to_byte[c] for c in tok)
        return data.decode("utf-8", errors="replace")


def main(train_file, out_dir, vocab_size, max_len):
    with open(train_file, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    vocab, merges = train(lines, vocab_size)
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, "tokenizer.json"), tokenizer_json(vocab, merges))
    write_json(os.path.join(out_dir, "tokenizer_config.json"), tokenizer_config(max_len), indent=2)
    log(f"BPE {out_dir}: {len(vocab)} entries, {len(merges)} merges")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
