import * as fs from "node:fs";
import * as path from "node:path";
import { processAlive } from "./processAlive.js";

/**
 * Temporary files sit beside their target and are named
 * `TARGET.PID.SEQ.tmp`, so that a later run can tell whose they are: a
 * temporary file whose process no longer exists was left by a killed run
 * and is removed (see removeStaleTemps).
 */
let seq = 0;

/** A fresh temporary name for `file`, owned by this process. */
export function tempPath(file: string): string {
  return `${file}.${process.pid}.${Date.now().toString(36)}${(seq++).toString(36)}.tmp`;
}

const TEMP = /^(.*)\.(\d+)\.[0-9a-z]+\.tmp$/;

/**
 * Remove the temporary files left beside `file` by processes that no longer
 * run (a kill -9, a crash, a full disk in an older version).  With
 * `all: true` every temporary file of `file` goes, live owner or not: for
 * callers that hold the output's lock, which no other writer can.
 */
export function removeStaleTemps(file: string, opts: { all?: boolean } = {}): number {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const n of names) {
    const m = TEMP.exec(n);
    if (!m || m[1] !== base) continue;
    if (!opts.all && processAlive(Number(m[2]))) continue;
    try {
      // Recursive: a temporary folder (a Parquet dataset being written, see writeParquetDataset) goes with its files.
      fs.rmSync(path.join(dir, n), { recursive: true, force: true });
      removed++;
    } catch {
      // Another run removed it first, or the folder is read-only: nothing to do.
    }
  }
  return removed;
}

/** Remove every temporary file in a folder (a folder this process owns, such as a locked analysis's parts). */
export function removeTempsIn(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (TEMP.test(n)) fs.rmSync(path.join(dir, n), { force: true });
}

/** Remove a file, ignoring a missing one: for cleanup on failure paths, where the first error is the one to report. */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The original error matters more than this one.
  }
}
