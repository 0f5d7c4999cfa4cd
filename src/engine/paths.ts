import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Where lmdiff's own files live.  The package root holds the bundled model
 * zoo (models/) and corpora (data/); compiled code sits two folders below it
 * (lib/cjs/engine), sources one (src/engine) when run through tsx.
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "models"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error("lmdiff: cannot find the package root (models/ is missing from the installation)");
}

export const bundledModelsDir = (): string => path.join(packageRoot(), "models");
export const bundledDataDir = (): string => path.join(packageRoot(), "data");

/** The download cache for hub models: $LMDIFF_CACHE, else $XDG_CACHE_HOME/lmdiff, else ~/.cache/lmdiff. */
export function cacheDir(): string {
  if (process.env.LMDIFF_CACHE) return process.env.LMDIFF_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "lmdiff");
}
