"""Step 4: export every trained model to models/NAME/ in the Hugging Face /
Optimum ONNX layout, write the logit fixtures for the Node tests, evaluate
perplexities against unigram baselines, and write the demo corpora that
need a model (tiny-en samples) or a generator (coreference).

Each model folder holds config.json, generation_config.json, tokenizer.json,
tokenizer_config.json and onnx/model.onnx (fp16 storage, fp32 compute).
"""
import collections
import json
import math
import os
import shutil
import time

import torch
import torch.nn.functional as F

import bert as bert_mod
import gpt as gpt_mod
from bpe import Encoder as BpeEncoder
from common import DATA, MODELS, ROOT, WORK, log, read_lines, seed_everything, write_dataset, write_json
from onnx_fp16 import to_fp16_storage
from wordpiece import Encoder as WpEncoder

FIXTURES = os.path.join(ROOT, "test", "fixtures", "logits")
CAUSAL = [("tiny-en", "tok-en"), ("tiny-en-distil", "tok-en"), ("tiny-en-bible", "tok-en"),
          ("tiny-de", "tok-de"), ("tiny-de-witze", "tok-de")]
MASKED = [("tiny-mlm-en", "tok-mlm"), ("tiny-mlm-en-distil", "tok-mlm")]
SENTENCES = {"tok-en": "The quick brown fox jumps over the lazy dog.\nIt said: \"Hello, world!\" 42 times.",
             "tok-de": "Der frühe Vogel fängt den Wurm, aber die zweite Maus bekommt den Käse.",
             "tok-mlm": "The quick brown fox jumps over the lazy dog. It said hello 42 times."}
# Tokenizer fixture: spaces, newlines, digits, punctuation, umlauts and an emoji.
TOKENIZER_TEXT = "  Grüße aus Köln!\nIt's 3.14 -- or 2,718? (Yes) 😀 naïve café\t\tend.  "
# Logits are stored for these vocabulary ids at every position (plus each
# position's logsumexp and argmax), which checks the whole output row without
# a fixture of megabytes.
PROBE_IDS = list(range(0, 4096, 97))


def rounded(model):
    """Round the weights through fp16, as the ONNX file stores them."""
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())
    return model


def load(kind, name):
    st = torch.load(os.path.join(WORK, name + ".pt"))
    model = (gpt_mod.GPT if kind == "causal" else bert_mod.Bert)(st["cfg"])
    model.load_state_dict(st["model"])
    return rounded(model).eval()


def fixture(name, ids, logits):
    lse = torch.logsumexp(logits, -1)
    return {"model": name, "input_ids": ids, "probe_ids": PROBE_IDS,
            "logits": [[round(float(row[i]), 6) for i in PROBE_IDS] for row in logits],
            "logsumexp": [round(float(x), 6) for x in lse], "argmax": [int(x) for x in logits.argmax(-1)]}


def export_model(kind, name, tok):
    out = os.path.join(MODELS, name)
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    model = load(kind, name)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(WORK, tok, f), os.path.join(out, f))
    onnx_path = os.path.join(out, "onnx", "model.onnx")
    text = SENTENCES[tok]
    if kind == "causal":
        enc = BpeEncoder(os.path.join(WORK, tok, "tokenizer.json"))
        write_json(os.path.join(out, "config.json"), gpt_mod.hf_config(model.cfg, enc.eot), indent=2)
        write_json(os.path.join(out, "generation_config.json"),
                   {"bos_token_id": enc.eot, "eos_token_id": enc.eot, "max_length": model.cfg["n_positions"]}, indent=2)
        gpt_mod.export_onnx(model, onnx_path + ".tmp")
        ids = [enc.eot] + enc.encode(text)
        with torch.no_grad():
            logits = model(torch.tensor([ids]))[0][0]
    else:
        enc = WpEncoder(os.path.join(WORK, tok, "tokenizer.json"))
        write_json(os.path.join(out, "config.json"), bert_mod.hf_config(model.cfg, enc.pad), indent=2)
        write_json(os.path.join(out, "generation_config.json"), {"pad_token_id": enc.pad}, indent=2)
        bert_mod.export_onnx(model, onnx_path + ".tmp")
        ids = [enc.cls] + enc.encode(text) + [enc.sep]
        with torch.no_grad():
            logits = model(torch.tensor([ids]))[0]
    to_fp16_storage(onnx_path + ".tmp")
    os.replace(onnx_path + ".tmp", onnx_path)
    os.makedirs(FIXTURES, exist_ok=True)
    write_json(os.path.join(FIXTURES, name + ".json"), {"text": text, **fixture(name, ids, logits)})
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    log(f"exported {name}: {size / 1e6:.2f} MB")
    return size


def export_legacy_fixture():
    """tiny-en-distil in the older Optimum layout (decoder_model_merged.onnx with
    use_cache_branch and no position_ids), as a test fixture for the loader."""
    out = os.path.join(ROOT, "test", "fixtures", "legacy-gpt2")
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    src = os.path.join(MODELS, "tiny-en-distil")
    for f in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(src, f), os.path.join(out, f))
    path = os.path.join(out, "onnx", "decoder_model_merged.onnx")
    gpt_mod.export_onnx_legacy(load("causal", "tiny-en-distil"), path + ".tmp")
    to_fp16_storage(path + ".tmp")
    os.replace(path + ".tmp", path)
    log("exported the legacy-layout fixture")


def unigram(enc_ids_train, vocab_size):
    c = collections.Counter(enc_ids_train)
    total = sum(c.values()) + vocab_size
    return lambda i: (c[i] + 1) / total  # add-one smoothing


@torch.no_grad()
def causal_ppl(model, enc, lines, limit=500):
    nll, n = 0.0, 0
    for line in lines[:limit]:
        ids = ([enc.eot] + enc.encode(line))[:model.cfg["n_positions"] + 1]
        logits = model(torch.tensor([ids[:-1]]))[0][0]
        nll += F.cross_entropy(logits, torch.tensor(ids[1:]), reduction="sum").item()
        n += len(ids) - 1
    return math.exp(nll / n)


def unigram_ppl(prob, token_lists):
    nll, n = 0.0, 0
    for ids in token_lists:
        for i in ids:
            nll -= math.log(prob(i))
            n += 1
    return math.exp(nll / n)


def evaluate():
    res = {}
    t0 = time.time()
    # Causal English and German models.
    for tok, lang_sets, models in [
        ("tok-en", {"fortunes-en": "en", "kjv": "kjv"}, ["tiny-en", "tiny-en-distil", "tiny-en-bible"]),
        ("tok-de", {"fortunes-de": "de", "witze": "de-witze"}, ["tiny-de", "tiny-de-witze"]),
    ]:
        enc = BpeEncoder(os.path.join(WORK, tok, "tokenizer.json"))
        for set_name, base in lang_sets.items():
            held = read_lines(os.path.join(WORK, base + ".heldout.txt"))
            train_ids = [i for l in read_lines(os.path.join(WORK, base + ".train.txt")) for i in enc.encode(l)]
            held_ids = [(enc.encode(l) + [])[:128] for l in held[:500]]
            res.setdefault(set_name, {})["unigram"] = unigram_ppl(unigram(train_ids, len(enc.vocab)), held_ids)
            for name in models:
                res[set_name][name] = causal_ppl(load("causal", name), enc, held)
    enc = WpEncoder(os.path.join(WORK, "tok-mlm", "tokenizer.json"))
    held = read_lines(os.path.join(WORK, "en.heldout.txt"))
    train_ids = [i for l in read_lines(os.path.join(WORK, "en.train.txt")) for i in enc.encode(l)[:126]]
    held_ids = [enc.encode(l)[:126] for l in held[:150]]
    import train_mlm
    res["fortunes-en (masked, pseudo-perplexity)"] = {
        "unigram": unigram_ppl(unigram(train_ids, len(enc.vocab)), held_ids),
        **{name: train_mlm.pseudo_perplexity(load("masked", name), enc, held) for name, _ in MASKED}}
    log(f"evaluation took {time.time() - t0:.0f} s")
    return res


def sample_corpus(n=600, max_tokens=60, top_k=40):
    """Texts written by tiny-en with top-k sampling (Fan et al., 2018), for the
    paper's "which model wrote this?" case study."""
    seed_everything(4321)
    model = load("causal", "tiny-en")
    enc = BpeEncoder(os.path.join(WORK, "tok-en", "tokenizer.json"))
    texts = []
    with torch.no_grad():
        while len(texts) < n:
            ids = [enc.eot]
            past = None
            x = torch.tensor([ids])
            for _ in range(max_tokens):
                logits, past = model(x, past=past)
                top = torch.topk(logits[0, -1], top_k)
                nxt = int(top.indices[torch.multinomial(torch.softmax(top.values, -1), 1)])
                if nxt == enc.eot:
                    break
                ids.append(nxt)
                x = torch.tensor([[nxt]])
            text = " ".join(enc.decode(ids[1:]).split())
            if len(text) >= 20:
                texts.append(text)
    return texts


def write_corpora():
    """Demo corpora (none of these lines were trained on)."""
    held_en = read_lines(os.path.join(WORK, "en.heldout.txt"))
    write_dataset("fortunes-en", "held-out English fortunes", held_en,
                  "English fortune cookies (Debian package fortunes) held out from every model's training")
    write_dataset("kjv", "held-out King James verses", read_lines(os.path.join(WORK, "kjv.heldout.txt"))[:1000],
                  "King James Bible verses (Debian package bible-kjv-text) held out from tiny-en-bible's finetuning")
    write_dataset("fortunes-de", "held-out German fortunes", read_lines(os.path.join(WORK, "de.heldout.txt")),
                  "German fortunes (Debian package fortunes-de) held out from tiny-de's training")
    write_dataset("tiny-en-samples", "model samples", sample_corpus(),
                  "Texts sampled from tiny-en (top-k 40), for asking which model wrote a text")
    import coref
    alone, addendum = coref.generate()
    write_dataset("coref", "templated coreference", alone,
                  "Occupation x pronoun x template sentences, generated by models/recipe/coref.py")
    write_dataset("coref-addendum", "templated coreference", addendum,
                  "The coref sentences followed by '... [pronoun] refers to the [occupation]'")


def main(only=None):
    sizes = {}
    for kind, models in (("causal", CAUSAL), ("masked", MASKED)):
        for name, tok in models:
            if only is None or name in only:
                sizes[name] = export_model(kind, name, tok)
    if only is not None:
        return  # a partial export (while training goes on): no corpora, no evaluation
    export_legacy_fixture()
    write_corpora()
    tok_fixture = {}
    for tok in ("tok-en", "tok-de"):
        enc = BpeEncoder(os.path.join(WORK, tok, "tokenizer.json"))
        tok_fixture[tok] = {"text": TOKENIZER_TEXT, "ids": enc.encode(TOKENIZER_TEXT)}
    enc = WpEncoder(os.path.join(WORK, "tok-mlm", "tokenizer.json"))
    tok_fixture["tok-mlm"] = {"text": TOKENIZER_TEXT, "ids": enc.encode(TOKENIZER_TEXT)}
    tok_fixture["models"] = {"tok-en": "tiny-en", "tok-de": "tiny-de", "tok-mlm": "tiny-mlm-en"}
    write_json(os.path.join(FIXTURES, "..", "tokenizers.json"), tok_fixture, indent=1)
    results = {"perplexity": evaluate(), "bytes": sizes}
    write_json(os.path.join(MODELS, "recipe", "results.json"), results, indent=2)
    log(json.dumps(results, indent=2))


if __name__ == "__main__":
    import sys
    seed_everything()
    if len(sys.argv) > 1 and sys.argv[1] == "--corpora":
        write_corpora()
    else:
        main(sys.argv[2:] if len(sys.argv) > 1 and sys.argv[1] == "--only" else None)
