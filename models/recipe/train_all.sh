#!/usr/bin/env bash
# The whole lmdiff model-zoo recipe, step by step.  Each step skips what is
# already done and each training run resumes from its last checkpoint, so the
# script can be rerun after an interruption.  Usage:
#   bash models/recipe/train_all.sh [setup|corpus|en|mlm|de|export|all]
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3   # Debian's python, which has python3-torch
export LMDIFF_THREADS="${LMDIFF_THREADS:-2}"
stage="${1:-all}"

setup() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx python3-numpy \
    python3-regex libopenblas0-pthread fortunes fortunes-de bible-kjv bible-kjv-text
}
corpus() { $PY corpus.py; }
en() {
  [ -f work/tok-en/tokenizer.json ] || $PY bpe.py work/en.train.txt work/tok-en 4096 128
  $PY train_causal.py tiny-en --tok work/tok-en --train work/en.train.txt --val work/en.heldout.txt \
    --layers 4 --width 128 --heads 4 --steps 1500 --batch 32 --lr 2e-3
  $PY train_causal.py tiny-en-distil --tok work/tok-en --train work/en.train.txt --val work/en.heldout.txt \
    --layers 2 --width 128 --heads 4 --steps 500 --batch 32 --lr 2e-3 --teacher tiny-en
  $PY train_causal.py tiny-en-bible --tok work/tok-en --train work/kjv.train.txt --val work/kjv.heldout.txt \
    --init tiny-en --steps 300 --batch 32 --lr 1e-3 --warmup 50
}
mlm() {
  [ -f work/tok-mlm/tokenizer.json ] || $PY wordpiece.py work/en.train.txt work/tok-mlm 4096 128
  # Warm start: the same BERT trained left-to-right on next tokens (see train_mlm.py).
  $PY train_mlm.py tiny-mlm-en-causal --objective causal --tok work/tok-mlm --train work/en.train.txt --val work/en.heldout.txt \
    --layers 4 --width 128 --heads 4 --steps 800 --batch 32 --lr 2e-3 --warmup 150 --dropout 0
  $PY train_mlm.py tiny-mlm-en --init tiny-mlm-en-causal --tok work/tok-mlm --train work/en.train.txt --val work/en.heldout.txt \
    --layers 4 --width 128 --heads 4 --steps 2500 --batch-tokens 4096 --lr 1e-3 --warmup 100 --mask-rate 0.4
  $PY train_mlm.py tiny-mlm-en-distil --init tiny-mlm-en --teacher tiny-mlm-en --tok work/tok-mlm --train work/en.train.txt \
    --val work/en.heldout.txt --layers 2 --width 128 --heads 4 --steps 800 --batch-tokens 4096 --lr 1e-3 --warmup 100 --mask-rate 0.4
}
de() {
  [ -f work/tok-de/tokenizer.json ] || $PY bpe.py work/de.train.txt work/tok-de 4096 128
  $PY train_causal.py tiny-de --tok work/tok-de --train work/de.train.txt --val work/de.heldout.txt \
    --layers 4 --width 128 --heads 4 --steps 800 --batch 32 --lr 2e-3
  $PY train_causal.py tiny-de-witze --tok work/tok-de --train work/de-witze.train.txt --val work/de-witze.heldout.txt \
    --init tiny-de --steps 150 --batch 32 --lr 1e-3 --warmup 30
}
export_all() { $PY export_all.py; }

case "$stage" in
  setup) setup ;;
  corpus) corpus ;;
  en) en ;;
  mlm) mlm ;;
  de) de ;;
  export) export_all ;;
  all) setup; corpus; en; mlm; de; export_all ;;
  *) echo "unknown stage $stage" >&2; exit 2 ;;
esac
