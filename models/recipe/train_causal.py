"""Train, distil or finetune a GPT-2-architecture model; resumable.

    python3 train_causal.py NAME --tok DIR --train FILE --val FILE
        [--layers 4 --width 128 --heads 4] [--steps N] [--init NAME]
        [--teacher NAME] [--lr 2e-3]

Checkpoints go to work/NAME.ckpt every --save-every steps; rerunning the same
command resumes from the last one.  The final weights go to work/NAME.pt.
--teacher turns on distillation: the loss is the KL divergence from the
teacher's temperature-softened distribution (Hinton et al., 2015), scaled by
T^2, plus a small share of the usual cross-entropy, as DistilBERT does
(Sanh et al., 2019).
"""
import argparse
import math
import os
import random

import torch
import torch.nn.functional as F

from bpe import Encoder
from common import WORK, Timer, log, read_lines, seed_everything
from gpt import GPT

CTX = 128


def encode_stream(enc, lines):
    ids, starts = [], []
    for line in lines:
        starts.append(len(ids))
        ids.append(enc.eot)
        ids.extend(enc.encode(line))
    ids.append(enc.eot)
    return torch.tensor(ids, dtype=torch.int64), starts


def batch(stream, starts, bs, rng):
    """Half the rows start at a document boundary (as the engine scores a text:
    <|endoftext|> at position 0), half anywhere, so every position is trained."""
    rows = []
    hi = len(stream) - CTX - 1
    for i in range(bs):
        s = rng.choice(starts) if i % 2 == 0 else rng.randrange(hi)
        s = min(s, hi)
        rows.append(stream[s:s + CTX + 1])
    x = torch.stack(rows)
    return x[:, :-1], x[:, 1:]


@torch.no_grad()
def evaluate(model, enc, lines, limit=400):
    """Per-token perplexity of held-out texts, each scored alone after a
    leading <|endoftext|>, which is exactly how lmdiff scores a text."""
    model.eval()
    nll, n = 0.0, 0
    for line in lines[:limit]:
        ids = [enc.eot] + enc.encode(line)
        ids = ids[:CTX + 1]
        x = torch.tensor([ids[:-1]])
        y = torch.tensor([ids[1:]])
        logits, _ = model(x)
        nll += F.cross_entropy(logits[0], y[0], reduction="sum").item()
        n += y.numel()
    model.train()
    return math.exp(nll / n)


def load_weights(name):
    state = torch.load(os.path.join(WORK, name + ".pt"))
    model = GPT(state["cfg"])
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
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--init")
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
    stream, starts = encode_stream(enc, read_lines(a.train))
    val = read_lines(a.val)
    log(f"{a.name}: {len(stream)} training tokens")

    if a.init:
        model = load_weights(a.init)
        model.cfg["dropout"] = a.dropout
    else:
        cfg = {"vocab_size": len(enc.vocab), "n_positions": CTX, "n_embd": a.width, "n_layer": a.layers,
               "n_head": a.heads, "layer_norm_epsilon": 1e-5, "dropout": a.dropout}
        model = GPT(cfg)
    teacher = load_weights(a.teacher).eval() if a.teacher else None
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.95))
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
    n_params = sum(p.numel() for p in model.parameters())
    log(f"{a.name}: {n_params} parameters, {a.steps} steps of {a.batch}x{CTX}")
    timer = Timer()
    model.train()
    while step < a.steps:
        lr = a.lr * min(1.0, (step + 1) / a.warmup) * 0.5 * (1 + math.cos(math.pi * step / a.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = batch(stream, starts, a.batch, rng)
        logits, _ = model(x)
        ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        if teacher is not None:
            with torch.no_grad():
                t_logits, _ = teacher(x)
            tt = a.temperature
            kl = F.kl_div(F.log_softmax(logits / tt, -1).reshape(-1, logits.shape[-1]),
                          F.log_softmax(t_logits / tt, -1).reshape(-1, logits.shape[-1]),
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
            rate = 100 * a.batch * CTX / max(1e-9, timer.minutes() * 60)
            log(f"{a.name}: step {step} loss {loss.item():.3f} ce {ce.item():.3f} lr {lr:.2e} {rate:.0f} tok/s")
            timer = Timer()
        if step % a.save_every == 0 or step == a.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                        "rng": rng.getstate(), "torch_rng": torch.get_rng_state()}, ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
    ppl = evaluate(model, enc, val)
    log(f"{a.name}: held-out perplexity {ppl:.1f}")
    model.cfg["dropout"] = 0.0
    torch.save({"cfg": model.cfg, "model": model.state_dict()}, final + ".tmp")
    os.replace(final + ".tmp", final)


if __name__ == "__main__":
    main()
