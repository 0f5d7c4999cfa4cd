#!/usr/bin/env bash
# Regenerate test/fixtures/arch (see test/fixtures/arch/README.md): tiny
# random-weight models of every architecture lmdiff recognises, exported
# with the real transformers library, and PyTorch's reference scores.
#
# Makes its own virtual environment in tmp/arch-fixtures-venv (ignored by
# git) on first use and reuses it afterwards.  The same seed and library
# versions give the same files, so running it twice changes nothing.
#
#   bash scripts/make-arch-fixtures.sh            # every fixture
#   bash scripts/make-arch-fixtures.sh llama bert # only these
#
# PIP_INDEX_ARGS overrides where pip looks for packages (default: the
# local mirrors of this build machine, as the public index is unreachable
# there; set it to "" to use pip's configured index).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${ARCH_FIXTURES_VENV:-tmp/arch-fixtures-venv}
PIP_INDEX_ARGS=${PIP_INDEX_ARGS---index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  # shellcheck disable=SC2086 # PIP_INDEX_ARGS is a list of flags
  "$VENV/bin/pip" install --quiet $PIP_INDEX_ARGS torch transformers onnx onnxruntime tokenizers numpy
fi
# Few threads: the models are tiny, and the build machines are shared.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} THREADS=${THREADS:-2}
"$VENV/bin/python" scripts/make-arch-fixtures.py "$@"
