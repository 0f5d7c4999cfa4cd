"""Shared helpers of the lmdiff model-zoo recipe: paths, seeds, threads, hashing.

Every step of the recipe imports this module first so that seeds and thread
counts are fixed in one place (reproducibility) and paths agree across steps.
"""
import hashlib
import json
import os
import random
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECIPE = os.path.join(ROOT, "models", "recipe")
WORK = os.path.join(RECIPE, "work")  # intermediate artifacts, not committed
MODELS = os.path.join(ROOT, "models")
DATA = os.path.join(ROOT, "data")
EOT = "<|endoftext|>"

os.makedirs(WORK, exist_ok=True)


def seed_everything(seed=1234):
    random.seed(seed)
    try:
        import numpy as np
        np.random.seed(seed)
    except ImportError:
        pass
    try:
        import torch
        torch.manual_seed(seed)
        # Two cores on the reference machine; torch starts with one otherwise.
        torch.set_num_threads(int(os.environ.get("LMDIFF_THREADS", "2")))
    except ImportError:
        pass


def stable_bucket(text, buckets=10):
    """A split bucket that depends only on the text, so splits never drift."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % buckets


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def write_lines(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(tmp, path)


def write_json(path, obj, indent=None):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=indent)
        f.write("\n")
    os.replace(tmp, path)


def write_dataset(name, dtype, lines, description=""):
    """Write a corpus in the lmdiff dataset format.

    The format is the LMdiff paper's: a YAML front matter with name, type and
    a sha256 checksum of the body, then one text per line.  The body is the
    texts joined by "\n" with a trailing "\n"; the engine recomputes the same.
    """
    body = "".join(line + "\n" for line in lines)
    checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
    head = f"---\nname: {name}\ntype: {dtype}\nchecksum: {checksum}\n"
    if description:
        head += f"description: {json.dumps(description)}\n"
    head += "---\n"
    path = os.path.join(DATA, name + ".txt")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(head + body)
    os.replace(tmp, path)
    return path


class Timer:
    def __init__(self):
        self.t0 = time.time()

    def minutes(self):
        return (time.time() - self.t0) / 60.0


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)
