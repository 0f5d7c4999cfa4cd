"""GPT-2 architecture in plain PyTorch, with the exact I/O of an Optimum
GPT-2 ONNX export (input_ids, attention_mask, position_ids and
past_key_values.{i}.key/value in; logits and present.{i}.key/value out).

Pre-LayerNorm blocks, learned positions, tanh-GELU ("gelu_new") and a tied
output embedding, as in Radford et al. (2019) and Hugging Face's GPT2Model.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg["n_head"]
        self.head_dim = cfg["n_embd"] // cfg["n_head"]
        self.c_attn = nn.Linear(cfg["n_embd"], 3 * cfg["n_embd"])
        self.c_proj = nn.Linear(cfg["n_embd"], cfg["n_embd"])
        self.drop = nn.Dropout(cfg.get("dropout", 0.0))

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.n_head, self.head_dim).transpose(1, 2)

    def forward(self, x, mask, past_k, past_v):
        q, k, v = self.c_attn(x).split(x.shape[-1], dim=2)
        q, k, v = self.split(q), self.split(k), self.split(v)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        # A large finite negative instead of -inf: a fully masked row (a left
        # pad attending to nothing) then gives a uniform row, never NaN.
        att = att.masked_fill(~mask, -1e9)
        att = self.drop(torch.softmax(att, dim=-1))
        y = torch.matmul(att, v).transpose(1, 2).reshape(x.shape)
        return self.drop(self.c_proj(y)), k, v


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["n_embd"]
        self.ln_1 = nn.LayerNorm(d, eps=cfg["layer_norm_epsilon"])
        self.attn = Attention(cfg)
        self.ln_2 = nn.LayerNorm(d, eps=cfg["layer_norm_epsilon"])
        self.c_fc = nn.Linear(d, 4 * d)
        self.c_proj = nn.Linear(4 * d, d)
        self.drop = nn.Dropout(cfg.get("dropout", 0.0))

    def forward(self, x, mask, past_k=None, past_v=None):
        a, k, v = self.attn(self.ln_1(x), mask, past_k, past_v)
        x = x + a
        x = x + self.drop(self.c_proj(gelu_new(self.c_fc(self.ln_2(x)))))
        return x, k, v


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.drop = nn.Dropout(cfg.get("dropout", 0.0))
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg["n_layer"])])
        self.ln_f = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        b, t = input_ids.shape
        p = 0 if past is None else past[0][0].shape[2]
        if attention_mask is None:
            attention_mask = torch.ones(b, p + t, dtype=torch.int64)
        if position_ids is None:
            position_ids = torch.arange(p, p + t, dtype=torch.int64).unsqueeze(0).expand(b, t)
        q_pos = torch.arange(t, dtype=torch.int64) + p
        k_pos = torch.arange(p + t, dtype=torch.int64)
        causal = k_pos.unsqueeze(0) <= q_pos.unsqueeze(1)
        mask = causal.unsqueeze(0).unsqueeze(0) & (attention_mask > 0).unsqueeze(1).unsqueeze(2)
        x = self.drop(self.wte(input_ids) + self.wpe(position_ids))
        presents = []
        for i, block in enumerate(self.h):
            pk, pv = (None, None) if past is None else past[i]
            x, k, v = block(x, mask, pk, pv)
            presents.append((k, v))
        x = self.ln_f(x)
        # Tied output embedding (F.linear with wte's weight): exported without
        # constant folding, ONNX keeps one copy of the matrix.
        logits = F.linear(x, self.wte.weight)
        return logits, presents


class OnnxWrapper(nn.Module):
    """Flat positional signature for torch.onnx.export, in Optimum's order."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def hf_config(cfg, eot_id):
    """A config.json that Hugging Face's GPT2Config reads."""
    return {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": cfg["vocab_size"],
        "n_positions": cfg["n_positions"],
        "n_ctx": cfg["n_positions"],
        "n_embd": cfg["n_embd"],
        "n_layer": cfg["n_layer"],
        "n_head": cfg["n_head"],
        "n_inner": None,
        "activation_function": "gelu_new",
        "layer_norm_epsilon": cfg["layer_norm_epsilon"],
        "resid_pdrop": cfg.get("dropout", 0.0),
        "embd_pdrop": cfg.get("dropout", 0.0),
        "attn_pdrop": cfg.get("dropout", 0.0),
        "initializer_range": 0.02,
        "bos_token_id": eot_id,
        "eos_token_id": eot_id,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
    }


def export_onnx(model, path):
    cfg = model.cfg
    model.eval()
    wrapper = OnnxWrapper(model)
    n_layer, n_head = cfg["n_layer"], cfg["n_head"]
    hd = cfg["n_embd"] // n_head
    b, t, p = 2, 3, 2  # a non-zero past length keeps that axis dynamic
    ids = torch.randint(0, cfg["vocab_size"], (b, t))
    mask = torch.ones(b, p + t, dtype=torch.int64)
    pos = torch.arange(p, p + t).unsqueeze(0).expand(b, t).contiguous()
    past = []
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(n_layer):
        for kind in ("key", "value"):
            past.append(torch.zeros(b, n_head, p, hd))
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            axes[f"past_key_values.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length"}
            axes[f"present.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    with torch.no_grad():
        torch.onnx.export(wrapper, (ids, mask, pos, *past), path, input_names=names_in,
                          output_names=names_out, dynamic_axes=axes, opset_version=14,
                          do_constant_folding=False)


class LegacyWrapper(nn.Module):
    """The I/O of older Optimum exports (decoder_model_merged.onnx): a boolean
    use_cache_branch input and no position_ids (positions come from the
    attention mask).  Used only to test that lmdiff reads such files."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, use_cache_branch, *flat_past):
        t = input_ids.shape[1]
        pos = (torch.cumsum(attention_mask, dim=-1) - 1).clamp(min=0)[:, -t:]
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, pos, past)
        # Keep the flag in the graph (the merged exports branch on it).
        logits = logits + 0.0 * use_cache_branch.to(logits.dtype).sum()
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def export_onnx_legacy(model, path):
    cfg = model.cfg
    model.eval()
    n_layer, n_head = cfg["n_layer"], cfg["n_head"]
    hd = cfg["n_embd"] // n_head
    b, t, p = 2, 3, 2
    ids = torch.randint(0, cfg["vocab_size"], (b, t))
    mask = torch.ones(b, p + t, dtype=torch.int64)
    flag = torch.tensor([True])
    past, names_in, names_out = [], ["input_ids", "attention_mask", "use_cache_branch"], ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "attention_mask_sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(n_layer):
        for kind in ("key", "value"):
            past.append(torch.zeros(b, n_head, p, hd))
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            axes[f"past_key_values.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length"}
            axes[f"present.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length + 1"}
    with torch.no_grad():
        torch.onnx.export(LegacyWrapper(model), (ids, mask, flag, *past), path, input_names=names_in,
                          output_names=names_out, dynamic_axes=axes, opset_version=14, do_constant_folding=False)
