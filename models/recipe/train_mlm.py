"""Train or distil a BERT masked language model; resumable.

    python3 train_mlm.py NAME --tok DIR --train FILE --val FILE
        [--layers 4 --width 128 --heads 4] [--steps N] [--objective mlm|causal]
        [--init NAME] [--teacher NAME] [--mask-rate R] [--batch-tokens N]

Masking follows BERT: a share of the tokens is chosen (--mask-rate; BERT's
15% by default, the recipe uses 40%, which Wettig et al. 2023 found better
and which gives more targets per step), of which 80% become [MASK], 10% a
random token and 10% stay.  --batch-tokens fills each batch with texts of
similar length instead of a fixed number of random ones.

With --teacher the loss at the chosen positions is the temperature-scaled
KL divergence from the teacher (Hinton et al., 2015) plus a share of
cross-entropy, as in DistilBERT; a shallower student started with --init
from its teacher takes every other layer, as DistilBERT does.

With --objective causal the same BERT is trained with left-to-right attention
to predict the next token at every position, and a masked run can start from
it with --init (the idea of UniLM, Dong et al. 2019: one transformer, two
kinds of attention mask).  Masked LM learns only from the tokens it masks;
next-token prediction learns from all of them.  On two CPU cores, plain
masked training sat near the unigram model for over a thousand steps; the
warm start, 40% masking and batches of similar-length texts together got
well below it (numbers in models/README.md).

Held-out quality is the pseudo-perplexity of Salazar et al. (2020): every
token masked in turn, which is also how lmdiff scores masked models.
"""
import argparse
import math
import os
import random

import torch
import torch.nn.functional as F

from bert import Bert
from common import WORK, Timer, log, read_lines, seed_everything
from wordpiece import Encoder

MAX_LEN = 128


def pick_rows(docs, bs, rng, batch_tokens=0):
    """`bs` random documents; or, with batch_tokens, documents of similar
    length up to that many padded tokens: a window of a sorted random sample,
    so short texts are not padded to the longest (twice the real tokens per
    step on fortunes)."""
    if not batch_tokens:
        return [rng.choice(docs) for _ in range(bs)]
    pool = sorted((rng.choice(docs) for _ in range(256)), key=len)
    start = rng.randrange(len(pool))
    rows = [pool[start]]
    lo, hi = start, start
    while True:
        grow_up = hi + 1 < len(pool) and (lo == 0 or rng.random() < 0.5)
        nxt = hi + 1 if grow_up else lo - 1
        if nxt < 0 or nxt >= len(pool) or max(len(pool[nxt]), len(pool[hi])) * (len(rows) + 1) > batch_tokens:
            return rows
        rows.append(pool[nxt])
        lo, hi = min(lo, nxt), max(hi, nxt)


def make_batch(docs, enc, bs, rng, vocab_size, mask_rate=0.15, batch_tokens=0):
    rows = pick_rows(docs, bs, rng, batch_tokens)
    bs = len(rows)
    t = max(len(r) for r in rows)
    ids = torch.full((bs, t), enc.pad, dtype=torch.int64)
    att = torch.zeros(bs, t, dtype=torch.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        att[i, :len(r)] = 1
    special = (ids == enc.cls) | (ids == enc.sep) | (ids == enc.pad)
    chosen = (torch.rand(bs, t) < mask_rate) & ~special
    inputs = ids.clone()
    r = torch.rand(bs, t)
    inputs[chosen & (r < 0.8)] = enc.mask
    rnd = chosen & (r >= 0.8) & (r < 0.9)
    inputs[rnd] = torch.randint(5, vocab_size, (int(rnd.sum()),))
    return inputs, att, ids, chosen


def encode_docs(enc, lines):
    docs = []
    for line in lines:
        ids = enc.encode(line)[:MAX_LEN - 2]
        if ids:
            docs.append([enc.cls] + ids + [enc.sep])
    return docs


@torch.no_grad()
def pseudo_perplexity(model, enc, lines, limit=150):
    model.eval()
    nll, n = 0.0, 0
    for doc in encode_docs(enc, lines[:limit]):
        L = len(doc)
        x = torch.tensor(doc).unsqueeze(0).repeat(L - 2, 1)
        pos = torch.arange(1, L - 1)
        x[torch.arange(L - 2), pos] = enc.mask
        logits = model(x)
        lp = F.log_softmax(logits[torch.arange(L - 2), pos], -1)
        nll -= lp[torch.arange(L - 2), torch.tensor(doc[1:-1])].sum().item()
        n += L - 2
    model.train()
    return math.exp(nll / n)


def load_weights(name):
    state = torch.load(os.path.join(WORK, name + ".pt"))
    model = Bert(state["cfg"])
    model.load_state_dict(state["model"])
    return model


def initial_weights(source, layers):
    """The weights of `source` for a model of `layers` layers.  A shallower
    student takes every other layer of its teacher, as DistilBERT (Sanh et
    al., 2019) is initialised from BERT; embeddings and head are copied."""
    state = source.state_dict()
    have = source.cfg["num_hidden_layers"]
    if have == layers:
        return state
    stride = have // layers
    out = {}
    for key, value in state.items():
        if key.startswith("layers."):
            i = int(key.split(".")[1])
            if i % stride or i // stride >= layers:
                continue
            key = f"layers.{i // stride}." + key.split(".", 2)[2]
        out[key] = value
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("--tok", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--val", required=True)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--batch-tokens", type=int, default=0, help="batches of similar-length texts up to this many tokens (instead of --batch)")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=150)
    ap.add_argument("--mask-rate", type=float, default=0.15)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--objective", choices=["mlm", "causal"], default="mlm")
    ap.add_argument("--init", help="start from this trained model's weights (e.g. the causal warm start)")
    ap.add_argument("--teacher")
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--alpha-ce", type=float, default=0.2)
    ap.add_argument("--save-every", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1234)
    a = ap.parse_args()
    seed_everything(a.seed)
    final = os.path.join(WORK, a.name + ".pt")
    if os.path.exists(final):
        log(f"{a.name}: already trained ({final})")
        return
    enc = Encoder(os.path.join(a.tok, "tokenizer.json"))
    docs = encode_docs(enc, read_lines(a.train))
    val = read_lines(a.val)
    vocab_size = len(enc.vocab)
    cfg = {"vocab_size": vocab_size, "hidden_size": a.width, "num_hidden_layers": a.layers,
           "num_attention_heads": a.heads, "intermediate_size": 4 * a.width, "max_position_embeddings": MAX_LEN,
           "type_vocab_size": 2, "layer_norm_eps": 1e-12, "dropout": a.dropout}
    model = Bert(cfg)
    if a.init:
        model.load_state_dict(initial_weights(load_weights(a.init), a.layers))
    teacher = load_weights(a.teacher).eval() if a.teacher else None
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.98))
    step = 0
    rng = random.Random(a.seed)
    ckpt = os.path.join(WORK, a.name + ".ckpt")
    if os.path.exists(ckpt):
        st = torch.load(ckpt)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step = st["step"]
        rng.setstate(st["rng"])
        torch.set_rng_state(st["torch_rng"])
        log(f"{a.name}: resumed at step {step}")
    log(f"{a.name}: {sum(p.numel() for p in model.parameters())} parameters, {len(docs)} documents")
    timer = Timer()
    model.train()
    recent = []
    while step < a.steps:
        lr = a.lr * min(1.0, (step + 1) / a.warmup) * 0.5 * (1 + math.cos(math.pi * step / a.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        inputs, att, labels, chosen = make_batch(docs, enc, a.batch, rng, vocab_size, a.mask_rate, a.batch_tokens)
        if a.objective == "causal":
            # Position t predicts token t+1 from tokens up to t; nothing is masked.
            inputs, chosen = labels, att.bool().clone()
            chosen[:, -1] = False
            chosen[:, :-1] &= att[:, 1:].bool()
            logits = model(inputs, att, causal=True)[:, :-1][chosen[:, :-1]]
            targets = labels[:, 1:][chosen[:, :-1]]
        else:
            logits = model(inputs, att)[chosen]
            targets = labels[chosen]
        ce = F.cross_entropy(logits, targets)
        if teacher is not None:
            with torch.no_grad():
                t_logits = teacher(inputs, att)[chosen]
            tt = a.temperature
            kl = F.kl_div(F.log_softmax(logits / tt, -1), F.log_softmax(t_logits / tt, -1),
                          log_target=True, reduction="batchmean") * tt * tt
            loss = (1 - a.alpha_ce) * kl + a.alpha_ce * ce
        else:
            loss = ce
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        recent.append(ce.item())
        if step % 100 == 0:
            # The mean over the last 100 steps: single steps vary a lot with which tokens were masked.
            log(f"{a.name}: step {step} loss {loss.item():.3f} ce {ce.item():.3f} (mean of 100: {sum(recent) / len(recent):.3f}) "
                f"lr {lr:.2e} {100 / max(1e-9, timer.minutes() * 60):.1f} steps/s")
            timer = Timer()
            recent = []
        if step % a.save_every == 0 or step == a.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                        "rng": rng.getstate(), "torch_rng": torch.get_rng_state()}, ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
    if a.objective == "mlm":
        log(f"{a.name}: held-out pseudo-perplexity {pseudo_perplexity(model, enc, val):.1f}")
    model.cfg["dropout"] = 0.0
    torch.save({"cfg": model.cfg, "model": model.state_dict()}, final + ".tmp")
    os.replace(final + ".tmp", final)


if __name__ == "__main__":
    main()
