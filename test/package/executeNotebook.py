"""Execute one notebook in a given folder with the kernel its metadata names,
and write the executed copy:

    /usr/bin/python3 executeNotebook.py NOTEBOOK.ipynb RUN_DIR OUT.ipynb TIMEOUT_S

The consumer test (test/package) runs it with RUN_DIR the fresh project
that installed the packed lmdiff, so the kernel resolves "lmdiff" there and
not in this repository.  Exits 1 when a cell fails (the executed copy is
written either way).
"""
import queue
import sys

import nbformat
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

GRACE = 0.5  # seconds to keep listening after a cell reports "idle"


class DrainingExecutePreprocessor(ExecutePreprocessor):
    """nbconvert's executor, but it keeps reading a cell's outputs for a
    moment after the kernel reports the cell idle: Deno 2.9's kernel can
    publish "idle" before a large output it queued earlier (the same fix as
    scripts/execute-notebooks.sh)."""

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


def main():
    src, run_dir, dest, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nb = nbformat.read(src, as_version=4)
    kernel = nb.metadata["kernelspec"]["name"]
    ep = DrainingExecutePreprocessor(timeout=timeout, kernel_name=kernel)
    status = 0
    try:
        ep.preprocess(nb, {"metadata": {"path": run_dir}})
    except CellExecutionError as e:
        print(str(e)[-3000:], file=sys.stderr)
        status = 1
    nbformat.write(nb, dest)
    sys.exit(status)


if __name__ == "__main__":
    main()
