"""BERT architecture (Devlin et al., 2019) for masked language modelling, in
plain PyTorch, with the I/O of an Optimum BERT export: input_ids,
attention_mask, token_type_ids in; logits out.  Post-LayerNorm blocks,
exact (erf) GELU, and an MLM head whose decoder is tied to the word
embeddings, as in Hugging Face's BertForMaskedLM.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["hidden_size"]
        self.n_head = cfg["num_attention_heads"]
        self.head_dim = d // self.n_head
        self.query = nn.Linear(d, d)
        self.key = nn.Linear(d, d)
        self.value = nn.Linear(d, d)
        self.attn_out = nn.Linear(d, d)
        self.attn_ln = nn.LayerNorm(d, eps=cfg["layer_norm_eps"])
        self.intermediate = nn.Linear(d, cfg["intermediate_size"])
        self.output = nn.Linear(cfg["intermediate_size"], d)
        self.out_ln = nn.LayerNorm(d, eps=cfg["layer_norm_eps"])
        self.drop = nn.Dropout(cfg.get("dropout", 0.0))

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.n_head, self.head_dim).transpose(1, 2)

    def forward(self, x, mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        att = att.masked_fill(~mask, -1e9)
        att = self.drop(torch.softmax(att, dim=-1))
        y = torch.matmul(att, v).transpose(1, 2).reshape(x.shape)
        x = self.attn_ln(x + self.drop(self.attn_out(y)))
        return self.out_ln(x + self.drop(self.output(F.gelu(self.intermediate(x)))))


class Bert(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg["hidden_size"]
        self.word = nn.Embedding(cfg["vocab_size"], d)
        self.position = nn.Embedding(cfg["max_position_embeddings"], d)
        self.token_type = nn.Embedding(cfg["type_vocab_size"], d)
        self.emb_ln = nn.LayerNorm(d, eps=cfg["layer_norm_eps"])
        self.drop = nn.Dropout(cfg.get("dropout", 0.0))
        self.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg["num_hidden_layers"])])
        self.head_dense = nn.Linear(d, d)
        self.head_ln = nn.LayerNorm(d, eps=cfg["layer_norm_eps"])
        self.head_bias = nn.Parameter(torch.zeros(cfg["vocab_size"]))
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, causal=False):
        b, t = input_ids.shape
        if attention_mask is None:
            attention_mask = torch.ones(b, t, dtype=torch.int64)
        if token_type_ids is None:
            token_type_ids = torch.zeros(b, t, dtype=torch.int64)
        pos = torch.arange(t, dtype=torch.int64).unsqueeze(0)
        x = self.word(input_ids) + self.position(pos) + self.token_type(token_type_ids)
        x = self.drop(self.emb_ln(x))
        mask = (attention_mask > 0).unsqueeze(1).unsqueeze(2)
        if causal:
            # Left-to-right attention, used only to warm-start training (train_mlm.py --objective causal).
            mask = mask & torch.ones(t, t, dtype=torch.bool).tril()
        for layer in self.layers:
            x = layer(x, mask)
        h = self.head_ln(F.gelu(self.head_dense(x)))
        return F.linear(h, self.word.weight, self.head_bias)


def hf_config(cfg, pad_id):
    return {
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": cfg["vocab_size"],
        "hidden_size": cfg["hidden_size"],
        "num_hidden_layers": cfg["num_hidden_layers"],
        "num_attention_heads": cfg["num_attention_heads"],
        "intermediate_size": cfg["intermediate_size"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": cfg.get("dropout", 0.0),
        "attention_probs_dropout_prob": cfg.get("dropout", 0.0),
        "max_position_embeddings": cfg["max_position_embeddings"],
        "type_vocab_size": cfg["type_vocab_size"],
        "initializer_range": 0.02,
        "layer_norm_eps": cfg["layer_norm_eps"],
        "pad_token_id": pad_id,
        "position_embedding_type": "absolute",
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
    }


def export_onnx(model, path):
    model.eval()
    b, t = 2, 5
    ids = torch.randint(5, model.cfg["vocab_size"], (b, t))
    mask = torch.ones(b, t, dtype=torch.int64)
    tt = torch.zeros(b, t, dtype=torch.int64)
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in ("input_ids", "attention_mask", "token_type_ids", "logits")}
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, tt), path, input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["logits"], dynamic_axes=axes, opset_version=14, do_constant_folding=False)
