"""Train or distil a BERT masked language model; resumable.

    python3 train_mlm.py NAME --tok DIR --train FILE --val FILE
        [--layers 4 --width 128 --heads 4] [--steps N] [--teacher NAME]

Masking follows BERT: 15% of the tokens are chosen, of which 80% become
[MASK], 10% a random token and 10% stay.  With --teacher the loss at the
chosen positions is the temperature-scaled KL divergence from the teacher
(Hinton et al., 2015) plus a share of cross-entropy, as in DistilBERT.
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


def make_batch(docs, enc, bs, rng, vocab_size):
    rows = [rng.choice(docs) for _ in range(bs)]
    t = max(len(r) for r in rows)
    ids = torch.full((bs, t), enc.pad, dtype=torch.int64)
    att = torch.zeros(bs, t, dtype=torch.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        att[i, :len(r)] = 1
    special = (ids == enc.cls) | (ids == enc.sep) | (ids == enc.pad)
    chosen = (torch.rand(bs, t) < 0.15) & ~special
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
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=150)
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
           "type_vocab_size": 2, "layer_norm_eps": 1e-12, "dropout": 0.1}
    model = Bert(cfg)
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
    while step < a.steps:
        lr = a.lr * min(1.0, (step + 1) / a.warmup) * 0.5 * (1 + math.cos(math.pi * step / a.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        inputs, att, labels, chosen = make_batch(docs, enc, a.batch, rng, vocab_size)
        logits = model(inputs, att)[chosen]
        ce = F.cross_entropy(logits, labels[chosen])
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
        if step % 100 == 0:
            log(f"{a.name}: step {step} loss {loss.item():.3f} ce {ce.item():.3f} lr {lr:.2e} "
                f"{100 / max(1e-9, timer.minutes() * 60):.1f} steps/s")
            timer = Timer()
        if step % a.save_every == 0 or step == a.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                        "rng": rng.getstate(), "torch_rng": torch.get_rng_state()}, ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
    log(f"{a.name}: held-out pseudo-perplexity {pseudo_perplexity(model, enc, val):.1f}")
    model.cfg["dropout"] = 0.0
    torch.save({"cfg": model.cfg, "model": model.state_dict()}, final + ".tmp")
    os.replace(final + ".tmp", final)


if __name__ == "__main__":
    main()
