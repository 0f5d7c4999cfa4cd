#!/usr/bin/env bash
# Install what lmdiff's tests need, only where it is missing: npm packages
# (from package-lock.json) and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# onnxruntime-node's install script would fetch CUDA libraries from outside
# the npm registry; the CPU runtime ships inside the package.
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -d node_modules/onnxruntime-node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "lmdiff: the tests need Debian packages ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
