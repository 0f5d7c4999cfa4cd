#!/usr/bin/env bash
# Makes this checkout ready for lmdiff's notebooks, doing only what is missing
# (a second run takes about a second):
#  - Debian's classic Notebook, nbconvert, nbclient, ipykernel and Chromium;
#  - the tslab kernel ("tslab") and Deno's kernel ("deno"), both run from
#    this checkout's node_modules;
#  - notebooks/node_modules/lmdiff, a link to this checkout, so that
#    `import { compare } from "lmdiff"` in a notebook under notebooks/
#    resolves to the repository itself (tslab through Node's resolution,
#    Deno through notebooks/package.json and that folder), without npm link.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=/usr/bin/python3
BIN=$ROOT/node_modules/.bin

for tool in tslab deno; do
  if [ ! -x "$BIN/$tool" ]; then
    echo "lmdiff: $BIN/$tool is missing; install the npm dev dependencies first (npm ci)" >&2
    exit 1
  fi
done

# 1. Debian packages.
need=()
"$PY" -c "import notebook" 2>/dev/null || need+=(jupyter-notebook)
"$PY" -c "import nbconvert" 2>/dev/null || need+=(python3-nbconvert)
"$PY" -c "import nbclient" 2>/dev/null || need+=(python3-nbclient)
"$PY" -c "import ipykernel" 2>/dev/null || need+=(python3-ipykernel)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "lmdiff: notebooks need the Debian packages ${need[*]}; run this as root or install them with apt-get" >&2
    exit 1
  fi
  echo "lmdiff: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. Kernels: registered, and pointing at a binary that exists (a spec left by
#    another checkout that has since gone is registered again).
kernel_ok() {
  "$PY" - "$1" <<'EOF'
import json, os, sys
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
try:
    spec = KernelSpecManager().get_kernel_spec(sys.argv[1])
except NoSuchKernel:
    sys.exit(1)
sys.exit(0 if os.access(spec.argv[0], os.X_OK) else 1)
EOF
}
if ! kernel_ok tslab; then
  echo "lmdiff: registering the tslab kernel" >&2
  "$BIN/tslab" install --python="$PY" --binary="$BIN/tslab" >/dev/null
fi
if ! kernel_ok deno; then
  echo "lmdiff: registering the Deno kernel" >&2
  PATH="$BIN:$PATH" "$BIN/deno" jupyter --install >/dev/null 2>&1
fi

# 3. "lmdiff" inside notebooks/ is this checkout.
mkdir -p notebooks/node_modules
if [ "$(readlink notebooks/node_modules/lmdiff 2>/dev/null)" != "../.." ]; then
  rm -rf notebooks/node_modules/lmdiff
  ln -s ../.. notebooks/node_modules/lmdiff
fi
