import * as path from "node:path";
import { isLmdiffError } from "../core/LmdiffError.js";
import { loadDataset } from "../engine/Dataset.js";
import { loadModel, type LoadOptions } from "../engine/Model.js";
import { cacheDir } from "../engine/paths.js";
import { preprocessProject, type PreprocessOptions } from "../engine/preprocessProject.js";

/** What `lmdiff serve` shows when given neither --config nor --m1/--m2. */
export const DEFAULT_APP = { m1: "tiny-en", m2: "tiny-en-distil", dataset: "fortunes-en" } as const;

/** Where the default app is preprocessed: $LMDIFF_CACHE/default-app, else ~/.cache/lmdiff/default-app. */
export const defaultAppDir = (): string => path.join(cacheDir(), "default-app");

/**
 * Make sure the default app's caches and comparisons exist in `dir`.  The
 * first start analyses the dataset with both models (with progress, and
 * resumable after Ctrl-C); later starts find the caches and only redo the
 * quick comparison step.  Caches of an older version of a bundled model
 * are recomputed.
 */
export async function prepareDefaultApp(dir: string, opts: PreprocessOptions & { load?: LoadOptions } = {}): Promise<void> {
  const dataset = loadDataset(DEFAULT_APP.dataset);
  const m1 = await loadModel(DEFAULT_APP.m1, opts.load);
  try {
    const m2 = await loadModel(DEFAULT_APP.m2, opts.load);
    try {
      try {
        await preprocessProject(m1, m2, dataset, dir, opts);
      } catch (e) {
        if (!(isLmdiffError(e) && e.code === "cache-exists")) throw e;
        await preprocessProject(m1, m2, dataset, dir, { ...opts, force: true });
      }
    } finally {
      await m2.dispose();
    }
  } finally {
    await m1.dispose();
  }
}
