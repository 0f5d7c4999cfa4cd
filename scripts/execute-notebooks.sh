#!/usr/bin/env bash
# Executes lmdiff's notebooks headlessly with nbconvert's ExecutePreprocessor,
# each with the kernel its metadata names (tslab or deno), so that the
# committed notebooks carry their pictures for static viewers.
#
#   scripts/execute-notebooks.sh                 every notebooks/*/*.ipynb, in place
#   scripts/execute-notebooks.sh A.ipynb B.ipynb  those, in place
#   scripts/execute-notebooks.sh --out DIR [...]  executed copies in DIR/<kernel>/<name>.ipynb,
#                                                the originals untouched (the tests use this)
# Options: --timeout S (per cell, default 600), --skip-missing (skip, rather
# than fail on, notebooks whose bundled models or corpora are not there yet;
# a notebook lists them in its metadata under "lmdiff"), --prepare (only set
# up and build, execute nothing).
#
# Each notebook runs in its own folder (or a copy of it), where
# notebooks/node_modules/lmdiff makes "lmdiff" this checkout. Builds lib/
# first when it is missing or older than src/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=""
TIMEOUT=600
SKIP_MISSING=0
PREPARE=0
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --skip-missing) SKIP_MISSING=1; shift ;;
    --prepare) PREPARE=1; shift ;;
    -h|--help) sed -n 2,19p "$0"; exit 0 ;;
    *) files+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
  esac
done
[ ${#files[@]} -gt 0 ] || files=("$ROOT"/notebooks/*/*.ipynb)

bash scripts/notebook-setup.sh

# The notebooks load the built package: rebuild when a source is newer.
if [ ! -f lib/cjs/index.js ] || [ -n "$(find src -newer lib/cjs/index.js -name '*.ts' -not -path 'src/widgets/*' | head -1)" ]; then
  echo "lmdiff: building lib/ (npm run build)" >&2
  npm run build --silent >/dev/null
fi
if [ ! -f lib/browser/lmdiff-widgets.js ] || [ -n "$(find src/widgets src/render src/core -newer lib/browser/lmdiff-widgets.js -name '*.ts' | head -1)" ]; then
  echo "lmdiff: building lib/browser/lmdiff-widgets.js (webpack)" >&2
  npx webpack --config webpack.config.js --config-name iife >/dev/null
fi

[ "$PREPARE" = 0 ] || exit 0

export PATH="$ROOT/node_modules/.bin:$PATH"
export LMDIFF_ROOT=$ROOT NB_TIMEOUT=$TIMEOUT NB_OUT=$OUT NB_SKIP_MISSING=$SKIP_MISSING
exec /usr/bin/python3 - "${files[@]}" <<'EOF'
import json, os, queue, shutil, sys, time
import nbformat
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

ROOT = os.environ["LMDIFF_ROOT"]
OUT = os.environ["NB_OUT"]
TIMEOUT = int(os.environ["NB_TIMEOUT"])
SKIP_MISSING = os.environ["NB_SKIP_MISSING"] == "1"
GRACE = 0.5  # seconds to keep listening after a cell reports "idle"


class DrainingExecutePreprocessor(ExecutePreprocessor):
    """nbconvert's executor, but it keeps reading a cell's outputs for a
    moment after the kernel reports the cell idle.  Deno 2.9's kernel can
    publish "idle" before a large output it queued earlier (seen with
    200 KB bundles); the stock executor stops at "idle" and loses that
    output.  Messages of one cell cannot follow the next cell's request, so
    waiting GRACE seconds is safe."""

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        done = False
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=GRACE if done else None))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                done = True


def missing_needs(nb):
    need = nb.metadata.get("lmdiff", {})
    gone = [m for m in need.get("models", []) if not os.path.exists(os.path.join(ROOT, "models", m, "config.json"))]
    gone += [d for d in need.get("datasets", []) if not os.path.exists(os.path.join(ROOT, "data", d + ".txt"))]
    return gone


failed = []
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    name = os.path.basename(path)
    gone = missing_needs(nb)
    if gone:
        msg = f"lmdiff: {name} needs {', '.join(gone)}, which are not there yet"
        if SKIP_MISSING:
            print(msg + "; skipped", file=sys.stderr)
            continue
        print(msg, file=sys.stderr)
        failed.append(name)
        continue
    src_dir = os.path.dirname(path)
    if OUT:
        # Run a copy inside notebooks/ so that "lmdiff" resolves as in place.
        run_dir = os.path.join(ROOT, "notebooks", ".run-" + str(os.getpid()))
        os.makedirs(run_dir, exist_ok=True)
        dest = os.path.join(OUT, kernel, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
    else:
        run_dir, dest = src_dir, path
    t0 = time.time()
    ep = DrainingExecutePreprocessor(timeout=TIMEOUT, kernel_name=kernel)
    try:
        ep.preprocess(nb, {"metadata": {"path": run_dir}})
        status = "ok"
    except CellExecutionError as e:
        status = "FAILED"
        failed.append(name)
        print(str(e)[-3000:], file=sys.stderr)
    finally:
        if OUT:
            shutil.rmtree(run_dir, ignore_errors=True)
    nbformat.write(nb, dest)
    print(f"lmdiff: {kernel:5} {name}: {status} in {time.time() - t0:.1f}s -> {dest}", file=sys.stderr)

if failed:
    print("lmdiff: failed: " + ", ".join(failed), file=sys.stderr)
    sys.exit(1)
EOF
