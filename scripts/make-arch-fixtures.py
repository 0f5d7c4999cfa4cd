"""Make test/fixtures/arch: one tiny, randomly initialised model per architecture lmdiff reads.

Each fixture is a folder in the Hugging Face / Optimum ONNX layout (config.json,
tokenizer.json, tokenizer_config.json, onnx/*.onnx) made with the real
`transformers` classes (from_config, seeded random weights), exported with
torch.onnx (TorchScript exporter, opset 17), plus reference.json: PyTorch's own
scores of a few fixed texts, computed in float64 from PyTorch's logits, that
test/engine/architectures.test.ts checks lmdiff against.

The weights are random: the fixtures test that lmdiff feeds each architecture
exactly as transformers does and reads its logits right, not that the models
say anything sensible.  Tokenizers are tiny ones trained here with the
`tokenizers` library on CORPUS, one per tokenizer family (GPT-2 byte-level BPE,
Qwen's regex-split byte-level BPE, Llama/Gemma SentencePiece-style BPE with byte
fallback and a BOS-adding post-processor, WordPiece, RoBERTa byte-level BPE,
SentencePiece-style Unigram), so that the BOS and special-token conventions of
each family are the real ones.

Run through scripts/make-arch-fixtures.sh (which makes the virtual environment).
Same seed, same library versions: same files.
"""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
warnings.filterwarnings("ignore")

import transformers  # noqa: E402  (after the thread setting)
from transformers import AutoModelForCausalLM, AutoModelForMaskedLM  # noqa: E402
from transformers.cache_utils import DynamicCache  # noqa: E402

transformers.logging.set_verbosity_error()

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "arch"
SEED = 17
K = 8  # top-k stored in reference.json (the test checks the first 5; the rest resolve near ties)

# Training text of the tokenizers: short English with accents, digits and
# punctuation.  The emoji of the hard text below is deliberately absent, so
# that byte fallback (Llama, Gemma) and [UNK] (WordPiece) are exercised.
CORPUS = [
    "The quick brown fox jumps over the lazy dog.",
    "A café in Zürich serves crème brûlée and naïve piñatas.",
    "In 1984 there were 3,141 books, 27 maps and 42 pencils.",
    "She said: \"It's 10:45 already!\" and left at 11:02.",
    "Models compare tokens one by one; the second model is larger.",
    "Über den Wolken muss die Freiheit wohl grenzenlos sein.",
    "Numbers like 0.5, 12.75 and 1000 appear in tables.",
    "Language models predict the next token from the previous ones.",
    "Déjà vu: the same sentence, again and again, with résumé.",
    "Masked models fill in the blank: the [word] in the middle.",
    "Tabs\tand  double  spaces\nand new lines\n\nare text too.",
    "Eight hundred and seventy-three sheep walked to the river.",
    "What is the probability of the word that comes next?",
    "The river bank and the money bank are different banks.",
]
CORPUS = CORPUS * 3

# The scored texts: a plain one, a hard one (spaces, newlines, digits,
# emoji, accents) and a short one.
TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "  Café  naïve — 3.14 × 42 = 131.88\n\nDéjà vu 🙂 at 10:45!\tEnd",
    "Models compare tokens.",
]


# ---------------------------------------------------------------- tokenizers


def bytelevel_bpe(specials: list[str], vocab_size: int, qwen_split: bool = False) -> Tokenizer:
    """GPT-2-style byte-level BPE; qwen_split: Qwen2's regex pre-split (single digits) and NFC."""
    tok = Tokenizer(models.BPE())
    if qwen_split:
        pattern = (
            r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
        )
        tok.normalizer = normalizers.NFC()
        tok.pre_tokenizer = pre_tokenizers.Sequence(
            [
                pre_tokenizers.Split(pattern=tokenizers_regex(pattern), behavior="isolated", invert=False),
                pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
            ]
        )
    else:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tok.train_from_iterator(CORPUS, trainer)
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    return tok


def tokenizers_regex(pattern: str):
    from tokenizers import Regex

    return Regex(pattern)


def sentencepiece_bpe(specials: list[str], bos: str, vocab_size: int, prepend: bool) -> Tokenizer:
    """Llama/Gemma-style BPE: ▁ for spaces, <0xXX> byte fallback, and a post-processor that adds BOS.

    Trained on words (Metaspace split), then given the Llama 2 tokenizer.json
    pipeline: normalizer Prepend("▁") (Llama; Gemma has none) + Replace(" ", "▁"),
    no pre-tokenizer.  The 256 byte tokens follow the special tokens, as in
    Llama's vocabulary.
    """
    tok = Tokenizer(models.BPE(unk_token=specials[0] if "<unk>" not in specials else "<unk>", byte_fallback=True, fuse_unk=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size - 256, special_tokens=specials, show_progress=False)
    tok.train_from_iterator([t.replace("\t", " ") for t in CORPUS], trainer)
    j = json.loads(tok.to_str())
    vocab: dict[str, int] = j["model"]["vocab"]
    n_special = len(specials)
    new_vocab: dict[str, int] = {}
    for t, i in sorted(vocab.items(), key=lambda x: x[1]):
        if i < n_special:
            new_vocab[t] = i
    for b in range(256):
        new_vocab[f"<0x{b:02X}>"] = n_special + b
    for t, i in sorted(vocab.items(), key=lambda x: x[1]):
        if i >= n_special and t not in new_vocab:
            new_vocab[t] = len(new_vocab)
    j["model"]["vocab"] = new_vocab
    j["model"]["unk_token"] = "<unk>"
    norm = [{"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]
    if prepend:
        norm.insert(0, {"type": "Prepend", "prepend": "▁"})
    j["normalizer"] = {"type": "Sequence", "normalizers": norm}
    j["pre_tokenizer"] = None
    dec = [
        {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
        {"type": "ByteFallback"},
        {"type": "Fuse"},
    ]
    if prepend:
        dec.append({"type": "Strip", "content": " ", "start": 1, "stop": 0})
    j["decoder"] = {"type": "Sequence", "decoders": dec}
    tok = Tokenizer.from_str(json.dumps(j, ensure_ascii=False))
    bos_id = tok.token_to_id(bos)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos}:0 $A:0", pair=f"{bos}:0 $A:0 {bos}:1 $B:1", special_tokens=[(bos, bos_id)]
    )
    return tok


def wordpiece(vocab_size: int) -> Tokenizer:
    """BERT's uncased WordPiece with [CLS] text [SEP]."""
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    # The vocabulary is built here rather than by WordPieceTrainer, whose
    # choice among equally frequent pieces changes from run to run (Rust's
    # randomised hash maps): the special tokens, every character alone and
    # as a "##" continuation, then the most frequent words (ties by spelling).
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    counts: dict[str, int] = {}
    for line in CORPUS:
        for w, _ in tok.pre_tokenizer.pre_tokenize_str(tok.normalizer.normalize_str(line)):
            counts[w] = counts.get(w, 0) + 1
    chars = sorted({c for w in counts for c in w})
    vocab = specials + chars + ["##" + c for c in chars]
    words = sorted((w for w in counts if len(w) > 1), key=lambda w: (-counts[w], w))
    vocab += words[: max(0, vocab_size - len(vocab))]
    tok.model = models.WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]")
    tok.add_special_tokens(specials)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    return tok


def roberta_bpe(vocab_size: int) -> Tokenizer:
    """RoBERTa's byte-level BPE: <s>=0 <pad>=1 </s>=2 <unk>=3, <mask>, <s> text </s>."""
    tok = bytelevel_bpe(["<s>", "<pad>", "</s>", "<unk>", "<mask>"], vocab_size)
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=False)
    return tok


def modernbert_bpe(vocab_size: int) -> Tokenizer:
    """ModernBERT's byte-level BPE (OLMo-style) with BERT's special tokens: [CLS] text [SEP]."""
    tok = bytelevel_bpe(["<|endoftext|>", "[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"], vocab_size)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:0 [SEP]:0", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    return tok


def unigram(specials: list[str], unk: str, bos: str, eos: str, vocab_size: int) -> Tokenizer:
    """SentencePiece-style Unigram (XLM-R, DeBERTa-v3): Metaspace, then bos text eos."""
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    trainer = trainers.UnigramTrainer(vocab_size=vocab_size, special_tokens=specials, unk_token=unk, show_progress=False)
    tok.train_from_iterator(CORPUS, trainer)
    # The trainer finds the same pieces every run, but their scores differ in
    # the last digits, and the characters it adds at the end get nearly equal
    # scores in a varying order (Rust's randomised hash maps).  So: scores
    # rounded to 0.01, pieces sorted by score then spelling, and equal scores
    # kept 1e-4 apart in that order (no ties for the Viterbi search to break).
    j = json.loads(tok.to_str())
    n = len(specials)
    pieces = sorted(([p, round(sc, 2)] for p, sc in j["model"]["vocab"][n:]), key=lambda p: (-p[1], p[0]))
    for i in range(1, len(pieces)):
        pieces[i][1] = round(min(pieces[i][1], pieces[i - 1][1] - 1e-4), 4)
    j["model"]["vocab"] = j["model"]["vocab"][:n] + pieces
    j["model"]["unk_id"] = [p[0] for p in j["model"]["vocab"]].index(unk)
    tok = Tokenizer.from_str(json.dumps(j, ensure_ascii=False))
    b, e = tok.token_to_id(bos), tok.token_to_id(eos)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}", special_tokens=[(bos, b), (eos, e)]
    )
    return tok


def make_tokenizer(family: str) -> tuple[Tokenizer, dict]:
    """The tokenizer of a family and its tokenizer_config.json special tokens."""
    if family == "gpt2":
        return bytelevel_bpe(["<|endoftext|>"], 384), {
            "bos_token": "<|endoftext|>",
            "eos_token": "<|endoftext|>",
            "unk_token": "<|endoftext|>",
        }
    if family == "neox":
        return bytelevel_bpe(["<|endoftext|>", "<|padding|>"], 384), {
            "bos_token": "<|endoftext|>",
            "eos_token": "<|endoftext|>",
            "pad_token": "<|padding|>",
        }
    if family == "qwen":
        # Qwen2/3: no BOS token in tokenizer_config (config.json's bos_token_id names <|endoftext|>).
        return bytelevel_bpe(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], 384, qwen_split=True), {
            "bos_token": None,
            "eos_token": "<|im_end|>",
            "pad_token": "<|endoftext|>",
        }
    if family == "llama":
        return sentencepiece_bpe(["<unk>", "<s>", "</s>"], "<s>", 448, prepend=True), {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "add_bos_token": True,
            "add_eos_token": False,
        }
    if family == "gemma":
        return sentencepiece_bpe(["<pad>", "<eos>", "<bos>", "<unk>", "<mask>"], "<bos>", 448, prepend=False), {
            "bos_token": "<bos>",
            "eos_token": "<eos>",
            "pad_token": "<pad>",
            "unk_token": "<unk>",
            "add_bos_token": True,
            "add_eos_token": False,
        }
    if family == "wordpiece":
        return wordpiece(384), {
            "cls_token": "[CLS]",
            "sep_token": "[SEP]",
            "mask_token": "[MASK]",
            "pad_token": "[PAD]",
            "unk_token": "[UNK]",
            "do_lower_case": True,
        }
    if family == "roberta":
        return roberta_bpe(384), {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "cls_token": "<s>",
            "sep_token": "</s>",
            "mask_token": "<mask>",
            "pad_token": "<pad>",
            "unk_token": "<unk>",
        }
    if family == "xlmr":
        return unigram(["<s>", "<pad>", "</s>", "<unk>", "<mask>"], "<unk>", "<s>", "</s>", 320), {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "cls_token": "<s>",
            "sep_token": "</s>",
            "mask_token": "<mask>",
            "pad_token": "<pad>",
            "unk_token": "<unk>",
        }
    if family == "deberta":
        return unigram(["[PAD]", "[CLS]", "[SEP]", "[UNK]", "[MASK]"], "[UNK]", "[CLS]", "[SEP]", 320), {
            "bos_token": "[CLS]",
            "eos_token": "[SEP]",
            "cls_token": "[CLS]",
            "sep_token": "[SEP]",
            "mask_token": "[MASK]",
            "pad_token": "[PAD]",
            "unk_token": "[UNK]",
        }
    if family == "modernbert":
        return modernbert_bpe(384), {
            "cls_token": "[CLS]",
            "sep_token": "[SEP]",
            "mask_token": "[MASK]",
            "pad_token": "[PAD]",
            "unk_token": "[UNK]",
        }
    raise ValueError(family)


# ------------------------------------------------------------- architectures

# Shared tiny sizes: 2 layers, hidden 32, 4 heads; grouped-query
# architectures get 2 (or 1) key/value heads and some an explicit head_dim
# that differs from hidden / heads, so that the past shapes must come from
# the graph, not from hidden_size / num_attention_heads.
DEC = dict(hidden_size=32, intermediate_size=48, tie_word_embeddings=True, num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=128)
INIT = 0.3  # initializer_range: large enough that the random models have peaked, tie-free distributions


def ids(tok: Tokenizer, *names: str | None) -> list[int | None]:
    return [None if n is None else tok.token_to_id(n) for n in names]


def causal_config(arch: str, tok: Tokenizer) -> dict:
    V = tok.get_vocab_size()
    if arch == "gpt2":
        (e,) = ids(tok, "<|endoftext|>")
        return dict(
            model_type="gpt2", vocab_size=V, n_positions=128, n_embd=32, n_layer=2, n_head=4, n_inner=48, bos_token_id=e, eos_token_id=e
        )
    if arch == "gpt_neox":
        e, p = ids(tok, "<|endoftext|>", "<|padding|>")
        return dict(
            model_type="gpt_neox", vocab_size=V, **DEC, rotary_pct=0.25, use_parallel_residual=True, bos_token_id=e, eos_token_id=e, pad_token_id=p
        )
    if arch in ("llama", "mistral"):
        u, b, e = ids(tok, "<unk>", "<s>", "</s>")
        extra = dict(sliding_window=None) if arch == "mistral" else dict(head_dim=16)
        return dict(model_type=arch, vocab_size=V, **DEC, num_key_value_heads=2, bos_token_id=b, eos_token_id=e, **extra)
    if arch == "phi3":
        b, e = ids(tok, "<s>", "</s>")
        return dict(
            model_type="phi3", vocab_size=V, **DEC, num_key_value_heads=2, bos_token_id=b, eos_token_id=e, pad_token_id=e, original_max_position_embeddings=128
        )
    if arch in ("qwen2", "qwen3"):
        e, s, m = ids(tok, "<|endoftext|>", "<|im_start|>", "<|im_end|>")
        extra = dict(head_dim=16) if arch == "qwen3" else {}
        return dict(model_type=arch, vocab_size=V, **DEC, num_key_value_heads=2, bos_token_id=e, eos_token_id=m, **extra)
    if arch in ("gemma", "gemma2", "gemma3_text"):
        p, e, b = ids(tok, "<pad>", "<eos>", "<bos>")
        extra: dict = dict(head_dim=16)
        if arch == "gemma":
            extra.update(num_key_value_heads=1)  # multi-query, as gemma-2b
        else:
            extra.update(num_key_value_heads=2, query_pre_attn_scalar=16, sliding_window=8)
        if arch == "gemma2":
            extra.update(final_logit_softcapping=30.0, attn_logit_softcapping=50.0)
        if arch == "gemma3_text":
            extra.update(layer_types=["sliding_attention", "full_attention"])
        return dict(model_type=arch, vocab_size=V, **DEC, bos_token_id=b, eos_token_id=e, pad_token_id=p, **extra)
    if arch in ("olmo", "olmo2"):
        e, p = ids(tok, "<|endoftext|>", "<|padding|>")
        # OLMo-1's config has no bos_token_id: lmdiff falls back to EOS.
        bos = None if arch == "olmo" else e
        return dict(model_type=arch, vocab_size=V, **DEC, bos_token_id=bos, eos_token_id=e, pad_token_id=p)
    if arch == "granite":
        e, p = ids(tok, "<|endoftext|>", "<|padding|>")
        return dict(
            model_type="granite",
            vocab_size=V,
            **DEC,
            num_key_value_heads=2,
            bos_token_id=e,
            eos_token_id=e,
            pad_token_id=p,
            embedding_multiplier=12.0,
            logits_scaling=2.0,
            residual_multiplier=0.22,
            attention_multiplier=0.0625,
        )
    raise ValueError(arch)


def masked_config(arch: str, tok: Tokenizer, tc: dict) -> dict:
    V = tok.get_vocab_size()
    pad = tok.token_to_id(tc["pad_token"])
    enc = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48)
    if arch == "bert":
        return dict(model_type="bert", vocab_size=V, **enc, max_position_embeddings=128, type_vocab_size=2, pad_token_id=pad)
    if arch in ("roberta", "xlm-roberta"):
        b, e = ids(tok, "<s>", "</s>")
        return dict(
            model_type=arch, vocab_size=V, **enc, max_position_embeddings=130, type_vocab_size=1, pad_token_id=pad, bos_token_id=b, eos_token_id=e
        )
    if arch == "distilbert":
        return dict(model_type="distilbert", vocab_size=V, dim=32, n_layers=2, n_heads=4, hidden_dim=48, max_position_embeddings=128, pad_token_id=pad)
    if arch == "modernbert":
        c, s, m = ids(tok, "[CLS]", "[SEP]", "[MASK]")
        return dict(
            model_type="modernbert",
            vocab_size=V,
            **enc,
            max_position_embeddings=128,
            global_attn_every_n_layers=2,
            local_attention=8,
            pad_token_id=pad,
            bos_token_id=c,
            eos_token_id=s,
            cls_token_id=c,
            sep_token_id=s,
        )
    if arch == "deberta-v2":
        return dict(
            model_type="deberta-v2",
            vocab_size=V,
            **enc,
            max_position_embeddings=128,
            type_vocab_size=0,
            relative_attention=True,
            position_buckets=32,
            max_relative_positions=-1,
            pos_att_type=["p2c", "c2p"],
            position_biased_input=False,
            norm_rel_ebd="layer_norm",
            share_att_key=True,
            pad_token_id=pad,
        )
    raise ValueError(arch)


def build_model(cfg_dict: dict, masked: bool):
    cfg = transformers.AutoConfig.for_model(**cfg_dict)
    cfg.initializer_range = INIT
    torch.manual_seed(SEED)
    cls = AutoModelForMaskedLM if masked else AutoModelForCausalLM
    model = cls.from_config(cfg, attn_implementation="eager")
    model.eval()
    return model, cfg


# ------------------------------------------------------------------- export


class CausalWrapper(torch.nn.Module):
    """Optimum's decoder I/O: flat past_key_values.{i}.key/value in, logits and present.{i}.* out."""

    def __init__(self, model, n_layers: int, with_past: bool, position_ids: bool):
        super().__init__()
        self.model, self.n_layers, self.with_past, self.position_ids = model, n_layers, with_past, position_ids

    def forward(self, input_ids, attention_mask, *rest):
        rest = list(rest)
        kw = {}
        if self.position_ids:
            kw["position_ids"] = rest.pop(0)
        if not self.with_past:
            return self.model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False, **kw).logits
        cache = DynamicCache()
        for i in range(self.n_layers):
            cache.update(rest[2 * i], rest[2 * i + 1], i)
        o = self.model(input_ids=input_ids, attention_mask=attention_mask, past_key_values=cache, use_cache=True, **kw)
        out = [o.logits]
        for layer in o.past_key_values.layers[: self.n_layers]:
            out += [layer.keys, layer.values]
        return tuple(out)


def kv_shape(cfg) -> tuple[int, int]:
    heads = cfg.num_attention_heads if hasattr(cfg, "num_attention_heads") else cfg.n_head
    kv = getattr(cfg, "num_key_value_heads", None) or heads
    hidden = getattr(cfg, "hidden_size", None) or cfg.n_embd
    hd = getattr(cfg, "head_dim", None) or hidden // heads
    return kv, hd


def export_causal(model, cfg, path: Path, with_past=True, position_ids=True, dtype=torch.float32) -> None:
    L = cfg.num_hidden_layers
    wrapper = CausalWrapper(model, L, with_past, position_ids)
    B, T, P = 2, 3, 2 if with_past else 0
    g = torch.Generator().manual_seed(SEED)
    input_ids = torch.randint(0, cfg.vocab_size, (B, T), generator=g)
    attn = torch.ones(B, P + T, dtype=torch.long)
    args: list = [input_ids, attn]
    names = ["input_ids", "attention_mask"]
    axes: dict = {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"}}
    if position_ids:
        args.append(torch.arange(P, P + T).expand(B, T).contiguous())
        names.append("position_ids")
        axes["position_ids"] = {0: "batch_size", 1: "sequence_length"}
    outputs = ["logits"]
    axes["logits"] = {0: "batch_size", 1: "sequence_length"}
    if with_past:
        kv, hd = kv_shape(cfg)
        for i in range(L):
            for kind in ("key", "value"):
                args.append(torch.randn(B, kv, P, hd, generator=g).to(dtype))
                names.append(f"past_key_values.{i}.{kind}")
                axes[names[-1]] = {0: "batch_size", 2: "past_sequence_length"}
                outputs.append(f"present.{i}.{kind}")
                axes[outputs[-1]] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            wrapper, tuple(args), str(path), input_names=names, output_names=outputs, dynamic_axes=axes, opset_version=17, dynamo=False, do_constant_folding=True
        )
    normalise_onnx(path)


class MaskedWrapper(torch.nn.Module):
    def __init__(self, model, token_types: bool):
        super().__init__()
        self.model, self.token_types = model, token_types

    def forward(self, input_ids, attention_mask, *rest):
        kw = {"token_type_ids": rest[0]} if self.token_types else {}
        return self.model(input_ids=input_ids, attention_mask=attention_mask, **kw).logits


def export_masked(model, cfg, path: Path, token_types: bool, pad: int) -> None:
    g = torch.Generator().manual_seed(SEED)
    B, T = 2, 6
    input_ids = torch.randint(5, cfg.vocab_size, (B, T), generator=g)
    attn = torch.ones(B, T, dtype=torch.long)
    # A padded second row, so that the traced graph keeps the padding mask.
    attn[1, 4:] = 0
    input_ids[1, 4:] = pad
    args = [input_ids, attn]
    names = ["input_ids", "attention_mask"]
    if token_types:
        args.append(torch.zeros(B, T, dtype=torch.long))
        names.append("token_type_ids")
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in names + ["logits"]}
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            MaskedWrapper(model, token_types), tuple(args), str(path), input_names=names, output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False
        )
    normalise_onnx(path)


def normalise_onnx(path: Path) -> None:
    """Shorten the exporter's internal names and drop its version string.

    The exporter names every node and intermediate value after its module path
    ("/model/model/layers.0/self_attn/Unsqueeze_13_output_0"), a third of a tiny
    model's file.  Those names mean nothing to onnxruntime or lmdiff, which
    read only the graph's inputs and outputs: intermediate values become
    v0, v1, ... and nodes lose their names.  Inputs, outputs and weight
    names stay as exported.
    """
    m = onnx.load(str(path))
    m.producer_version = ""
    g = m.graph
    untie_transposed(g)
    keep = {v.name for v in g.input} | {v.name for v in g.output} | {t.name for t in g.initializer}
    rename: dict[str, str] = {}

    def walk(graph: onnx.GraphProto) -> None:
        # Subgraphs (the If of DeBERTa's relative positions) read outer values: same map throughout.
        del graph.value_info[:]
        for n in graph.node:
            n.name = ""
            n.doc_string = ""
            for i, x in enumerate(n.input):
                n.input[i] = rename.get(x, x)
            for a in n.attribute:
                if a.HasField("g"):
                    walk(a.g)
            for i, x in enumerate(n.output):
                if x and x not in keep:
                    rename[x] = f"v{len(rename)}"
                    n.output[i] = rename[x]
        if graph is not g:
            for o in graph.output:
                o.name = rename.get(o.name, o.name)

    walk(g)
    onnx.save(m, str(path))


def untie_transposed(g: onnx.GraphProto) -> None:
    """Write a tied output embedding once: constant folding stores embed.T as a second weight.

    The copy becomes a Transpose node of the embedding (onnxruntime folds it
    again when it loads the model), as lmdiff's own zoo ships its tied GPT-2s.
    """
    from onnx import numpy_helper

    by_bytes = {}
    for t in g.initializer:
        if len(t.dims) == 2:
            by_bytes[numpy_helper.to_array(t).T.tobytes()] = t.name
    drop = []
    for t in g.initializer:
        src = by_bytes.get(numpy_helper.to_array(t).tobytes()) if len(t.dims) == 2 else None
        if src and src != t.name and t.dims[0] != t.dims[1] and src not in {d.name for d in drop}:
            drop.append(t)
            g.node.insert(0, helper.make_node("Transpose", [src], [t.name], perm=[1, 0]))
    for t in drop:
        g.initializer.remove(t)


def merge_decoder(with_past: Path, out: Path) -> None:
    """An Optimum-style decoder_model_merged.onnx: an If on a boolean use_cache_branch input.

    Optimum's merged decoder holds two decoders (one that reads the past and
    one that does not) and picks one with If(use_cache_branch).  Here both
    branches are the same with-past graph (lmdiff always feeds an empty past,
    for which the two agree); the names of the else branch are prefixed so
    that every value name stays unique.  What this reproduces: the If node,
    the use_cache_branch input, the weights shared by both branches from the
    outer graph, and the graph inputs and outputs of a merged export.
    """
    m = onnx.load(str(with_past))
    g = m.graph
    outer = {i.name for i in g.input} | {t.name for t in g.initializer}

    def branch(prefix: str) -> onnx.GraphProto:
        rename = lambda n: n if (n in outer or n == "") else prefix + n  # noqa: E731
        nodes = []
        for n in g.node:
            c = copy.deepcopy(n)
            c.name = ""
            c.input[:] = [rename(x) for x in c.input]
            c.output[:] = [rename(x) for x in c.output]
            nodes.append(c)
        outs = []
        for o in g.output:
            v = copy.deepcopy(o)
            v.name = rename(o.name)
            outs.append(v)
        return helper.make_graph(nodes, prefix + "branch", [], outs)

    iff = helper.make_node(
        "If", ["use_cache_branch"], [o.name for o in g.output], name="optimum::if", then_branch=branch("cache_"), else_branch=branch("nocache_")
    )
    inputs = list(g.input) + [helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1])]
    graph = helper.make_graph([iff], "merged_decoder", inputs, list(g.output), initializer=list(g.initializer))
    merged = helper.make_model(graph, opset_imports=m.opset_import, producer_name="lmdiff-arch-fixtures")
    merged.ir_version = m.ir_version
    onnx.checker.check_model(merged)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(merged, str(out))


# ---------------------------------------------------------------- reference


def distribution_stats(logits: np.ndarray, target: int, eps: float) -> dict:
    """Scores of one token from one float64 logits row (see reference.json in the README)."""
    lse = logits.max() + math.log(np.exp(logits - logits.max()).sum())
    logp = logits - lse
    t = logits[target]
    order = np.argsort(-logits, kind="stable")[:K]
    r9 = lambda x: float(f"{x:.9g}")  # noqa: E731  (9 digits: far below the test's tolerance, a third of the file)
    return {
        "id": int(target),
        "prob": r9(math.exp(logp[target])),
        "logprob": r9(logp[target]),
        # rank = 1 + entries with a strictly larger logit (ties share the better rank)
        "rank": int(1 + (logits > t).sum()),
        # the ranks the token could get if the runtime's logits differ by up to eps
        "rank_min": int(1 + (logits > t + eps).sum()),
        "rank_max": int((logits > t - eps).sum()),  # counts the token itself
        "entropy": r9(-(np.exp(logp) * logp).sum()),
        "topk_ids": [int(i) for i in order],
        "topk_probs": [r9(math.exp(logp[i])) for i in order],
    }


def causal_reference(model, tok: Tokenizer, bos: int, eps: float) -> list[dict]:
    out = []
    for text in TEXTS:
        ids_ = tok.encode(text, add_special_tokens=False).ids
        seq = torch.tensor([[bos] + ids_])
        with torch.no_grad():
            logits = model(input_ids=seq, attention_mask=torch.ones_like(seq), position_ids=torch.arange(seq.shape[1])[None]).logits
        lg = logits[0].to(torch.float64).numpy()
        out.append({"text": text, "ids": ids_, "tokens": [distribution_stats(lg[i], ids_[i], eps) for i in range(len(ids_))]})
    return out


def masked_reference(model, tok: Tokenizer, cls: int, sep: int, mask: int, token_types: bool, eps: float) -> list[dict]:
    """lmdiff's masked convention (src/engine/maskedRows.ts): [CLS] text [SEP], token i masked alone, scored at i + 1."""
    out = []
    for text in TEXTS:
        ids_ = tok.encode(text, add_special_tokens=False).ids
        rows = []
        for i in range(len(ids_)):
            row = [cls] + ids_ + [sep]
            row[i + 1] = mask
            rows.append(row)
        x = torch.tensor(rows)
        kw = {"token_type_ids": torch.zeros_like(x)} if token_types else {}
        with torch.no_grad():
            logits = model(input_ids=x, attention_mask=torch.ones_like(x), **kw).logits
        lg = logits.to(torch.float64).numpy()
        out.append({"text": text, "ids": ids_, "tokens": [distribution_stats(lg[i, i + 1], ids_[i], eps) for i in range(len(ids_))]})
    return out


# -------------------------------------------------------------------- write


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf8")


def write_common(d: Path, cfg, tok: Tokenizer, tc: dict) -> None:
    if d.exists():
        shutil.rmtree(d)
    (d / "onnx").mkdir(parents=True)
    c = cfg.to_dict()
    for k in ("transformers_version", "_name_or_path"):
        c.pop(k, None)
    write_json(d / "config.json", c)
    d.joinpath("tokenizer.json").write_text(tok.to_str(pretty=False) + "\n", encoding="utf8")
    write_json(d / "tokenizer_config.json", {**tc, "model_max_length": 128, "tokenizer_class": "PreTrainedTokenizerFast"})


def check_onnx(path: Path, ref: list[dict], feeds_for) -> float:
    """Largest |p_onnx - p_torch| over the reference tokens, with onnxruntime in Python (a sanity check of the export)."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    s = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    worst = 0.0
    for r in ref:
        logits, picks = feeds_for(s, r)
        for (row, pos), t in zip(picks, r["tokens"]):
            lg = logits[row, pos].astype(np.float64)
            p = math.exp(lg[t["id"]] - lg.max()) / np.exp(lg - lg.max()).sum()
            worst = max(worst, abs(p - t["prob"]))
    return worst


def causal_feeds(s, r, bos):
    seq = np.array([[bos] + r["ids"]], dtype=np.int64)
    T = seq.shape[1]
    feeds = {"input_ids": seq, "attention_mask": np.ones_like(seq)}
    for i in s.get_inputs():
        if i.name == "position_ids":
            feeds[i.name] = np.arange(T, dtype=np.int64)[None]
        elif i.name.startswith("past_key_values."):
            dt = np.float16 if "float16" in i.type else np.float32
            feeds[i.name] = np.zeros((1, i.shape[1], 0, i.shape[3]), dtype=dt)
        elif i.name == "use_cache_branch":
            feeds[i.name] = np.array([False])
    logits = s.run(["logits"], feeds)[0]
    return logits, [(0, j) for j in range(T - 1)]


def masked_feeds(cls, sep, mask):
    def f(s, r):
        rows = []
        for i in range(len(r["ids"])):
            row = [cls] + r["ids"] + [sep]
            row[i + 1] = mask
            rows.append(row)
        x = np.array(rows, dtype=np.int64)
        feeds = {"input_ids": x, "attention_mask": np.ones_like(x)}
        if "token_type_ids" in [i.name for i in s.get_inputs()]:
            feeds["token_type_ids"] = np.zeros_like(x)
        return s.run(["logits"], feeds)[0], [(i, i + 1) for i in range(len(r["ids"]))]

    return f


CAUSAL = {
    "gpt2": "gpt2",
    "gpt_neox": "neox",
    "llama": "llama",
    "mistral": "llama",
    "qwen2": "qwen",
    "qwen3": "qwen",
    "phi3": "llama",
    "gemma": "gemma",
    "gemma2": "gemma",
    "gemma3_text": "gemma",
    "olmo": "neox",
    "olmo2": "neox",
    "granite": "neox",
}
MASKED = {
    "bert": "wordpiece",
    "roberta": "roberta",
    "distilbert": "wordpiece",
    "xlm-roberta": "xlmr",
    "modernbert": "modernbert",
    "deberta-v2": "deberta",
}
EPS32 = 1e-5  # logit differences between PyTorch and onnxruntime in float32 stay far below this
EPS16 = 2e-2  # fp16 logits: a few units in the last place of values around 1–10


def make_causal(arch: str, tokens: dict) -> None:
    tok, tc = tokens[CAUSAL[arch]]
    model, cfg = build_model(causal_config(arch, tok), masked=False)
    bos = cfg.bos_token_id if cfg.bos_token_id is not None else cfg.eos_token_id
    ref = causal_reference(model, tok, bos, EPS32)
    variants = [(arch, "onnx/model.onnx", dict())]
    if arch == "llama":
        variants += [("llama-nopast", "onnx/model.onnx", dict(with_past=False)), ("llama-merged", "onnx/decoder_model_merged.onnx", dict(merged=True))]
    if arch == "qwen2":
        variants += [("qwen2-fp16", "onnx/model_fp16.onnx", dict(fp16=True))]
    for name, onnx_file, v in variants:
        d = OUT / name
        write_common(d, cfg, tok, tc)
        r, eps = ref, EPS32
        if v.get("fp16"):
            half = copy.deepcopy(model).half()
            r, eps = causal_reference(half, tok, bos, EPS16), EPS16
            export_causal(half, cfg, d / onnx_file, dtype=torch.float16)
        elif v.get("merged"):
            # Older merged exports (gpt2-era Optimum) have no position_ids either.
            tmp = d / "onnx" / "with_past.onnx"
            export_causal(model, cfg, tmp, position_ids=False)
            merge_decoder(tmp, d / onnx_file)
            tmp.unlink()
        else:
            export_causal(model, cfg, d / onnx_file, with_past=v.get("with_past", True))
        worst = check_onnx(d / onnx_file, r, lambda s, r: causal_feeds(s, r, bos))
        tol = {"prob_abs": 2e-3, "prob_rel": 2e-2, "logit_eps": eps} if v.get("fp16") else {"prob_abs": 1e-6, "prob_rel": 1e-4, "logit_eps": eps}
        write_json(d / "reference.json", {"kind": "causal", "model_type": cfg.model_type, "onnx": onnx_file, "bos_id": bos, "tolerance": tol, "texts": r})
        print(f"{name:16s} {size(d):>9,d} bytes  vocab {cfg.vocab_size}  max |p_onnx - p_torch| {worst:.2e}", flush=True)
        assert worst < (1e-2 if v.get("fp16") else 1e-5), f"{name}: onnxruntime disagrees with PyTorch ({worst})"


def make_masked(arch: str, tokens: dict) -> None:
    tok, tc = tokens[MASKED[arch]]
    model, cfg = build_model(masked_config(arch, tok, tc), masked=True)
    cls, sep, mask, pad = ids(tok, tc["cls_token"], tc["sep_token"], tc["mask_token"], tc["pad_token"])
    token_types = arch == "bert"  # as Optimum: only where type_vocab_size > 1 in these configs
    ref = masked_reference(model, tok, cls, sep, mask, token_types, EPS32)
    d = OUT / arch
    write_common(d, cfg, tok, tc)
    export_masked(model, cfg, d / "onnx/model.onnx", token_types, pad)
    worst = check_onnx(d / "onnx/model.onnx", ref, masked_feeds(cls, sep, mask))
    tol = {"prob_abs": 1e-6, "prob_rel": 1e-4, "logit_eps": EPS32}
    write_json(d / "reference.json", {"kind": "masked", "model_type": cfg.model_type, "onnx": "onnx/model.onnx", "tolerance": tol, "texts": ref})
    print(f"{arch:16s} {size(d):>9,d} bytes  vocab {cfg.vocab_size}  max |p_onnx - p_torch| {worst:.2e}", flush=True)
    assert worst < 1e-5, f"{arch}: onnxruntime disagrees with PyTorch ({worst})"


def size(d: Path) -> int:
    return sum(f.stat().st_size for f in d.rglob("*") if f.is_file())


def main() -> None:
    only = set(sys.argv[1:])
    families = sorted(set(CAUSAL.values()) | set(MASKED.values()))
    tokens = {f: make_tokenizer(f) for f in families}
    print(f"transformers {transformers.__version__}, torch {torch.__version__}, onnx {onnx.__version__}")
    for arch in CAUSAL:
        if not only or arch in only:
            make_causal(arch, tokens)
    for arch in MASKED:
        if not only or arch in only:
            make_masked(arch, tokens)
    total = sum(size(d) for d in OUT.iterdir() if d.is_dir())
    print(f"total {total:,d} bytes")


if __name__ == "__main__":
    main()
