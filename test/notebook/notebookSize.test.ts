/**
 * The committed notebooks stay light (issue #12): each one within 1 MB and
 * notebooks/ within 10 MB in all, so that a clone stays small and GitHub
 * renders them.  What keeps them so: the widgets bundle once per kernel
 * session, one picture per view, packed view data and ten embedded texts
 * per corpus view (src/notebook).  Reads the files only; nothing runs.
 */
import assert from "node:assert/strict";
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { committedNotebooks, NOTEBOOK_BUDGET, NOTEBOOKS_FOLDER_BUDGET, ROOT } from "./notebookFiles.js";

const KB = (n: number) => `${Math.round(n / 1024)} KB`;

/**
 * Bytes of the files under `dir`, links not followed.  node_modules (the
 * "lmdiff" link that setup makes) and dot folders (the tests' run folders,
 * .ipynb_checkpoints) are not part of the repository and are left out.
 */
function folderBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sum += folderBytes(p);
    else if (e.isFile()) sum += lstatSync(p).size;
  }
  return sum;
}

test("every committed notebook is within 1 MB", () => {
  const notebooks = committedNotebooks();
  assert.ok(notebooks.length > 0, "there are notebooks to check");
  const over = notebooks.map((n) => ({ n, size: lstatSync(n.file).size })).filter((x) => x.size > NOTEBOOK_BUDGET);
  assert.deepEqual(
    over.map((x) => `${x.n.kernel}/${x.n.name}: ${KB(x.size)}`),
    [],
  );
});

test("notebooks/ is within 10 MB in all", () => {
  const size = folderBytes(path.join(ROOT, "notebooks"));
  assert.ok(size <= NOTEBOOKS_FOLDER_BUDGET, `notebooks/ holds ${KB(size)}, over ${KB(NOTEBOOKS_FOLDER_BUDGET)}`);
});
