import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import { fileError } from "./fileError.js";
import { removeStaleTemps, removeTempsIn } from "./tempFiles.js";

const PART = /^part-(\d{9})-(\d{9})\.arrow$/;

/** The file name of the part holding documents [first, last). */
export function partName(first: number, last: number): string {
  return `part-${String(first).padStart(9, "0")}-${String(last).padStart(9, "0")}.arrow`;
}

/**
 * Make `OUT.partial/` ready for a run that writes OUT in parts, and return
 * how many documents its finished parts already cover (0 for a fresh run).
 *
 * Temporary files of killed runs are removed (the caller holds OUT's lock,
 * so nobody else owns them).  The folder's meta.json says which run the
 * parts belong to: parts of the same run are kept and resumed from, parts
 * of another run are an error unless `force` (then they are deleted).
 * A run of documents [first, …) (a shard; see analyze) starts at `first`
 * and returns the first document still to do.
 */
export function preparePartDir(
  out: string,
  meta: object,
  opts: { same: (prev: unknown) => boolean; describe: (prev: unknown) => string; force?: boolean; first?: number },
): number {
  const partDir = `${out}.partial`;
  removeStaleTemps(out, { all: true });
  removeTempsIn(partDir);
  const metaFile = path.join(partDir, "meta.json");
  if (fs.existsSync(metaFile)) {
    let prev: unknown = null;
    try {
      prev = JSON.parse(fs.readFileSync(metaFile, "utf8"));
    } catch {
      // A killed run's unreadable meta.json: its parts cannot be trusted.
    }
    if (!prev || !opts.same(prev)) {
      if (prev && !opts.force)
        throw new LmdiffError(
          `${partDir} holds an unfinished ${opts.describe(prev)} with other settings; delete it or pass --force`,
          "cache-exists",
          409,
        );
      fs.rmSync(partDir, { recursive: true, force: true });
    }
  }
  try {
    fs.mkdirSync(partDir, { recursive: true });
  } catch (e) {
    throw fileError(e, partDir);
  }
  atomicWriteFileSync(metaFile, JSON.stringify(meta, null, 2) + "\n");
  // Parts are named by their first document; a finished part covers [first, next).
  let done = opts.first ?? 0;
  for (const p of partFiles(partDir)) {
    const [, a, b] = PART.exec(p)!;
    if (Number(a) !== done)
      throw new LmdiffError(`${partDir}: part ${p} does not follow document ${done}; delete the folder and start again`, "bad-cache");
    done = Number(b);
  }
  return done;
}

/**
 * Delete the parts of `OUT.partial/` beyond document `at`, so that several
 * outputs written together (a joint run) resume from the same document.
 * Returns the documents the remaining parts cover: `at`, or less when a
 * part straddled it.
 */
export function truncateParts(out: string, at: number): number {
  const partDir = `${out}.partial`;
  let done = 0;
  for (const p of partFiles(partDir)) {
    const [, a, b] = PART.exec(p)!;
    // Parts are contiguous: the first one past `at` and all after it go.
    if (Number(b) <= at && Number(a) === done) done = Number(b);
    else fs.rmSync(path.join(partDir, p), { force: true });
  }
  return done;
}

function partFiles(partDir: string): string[] {
  return fs
    .readdirSync(partDir)
    .filter((f) => PART.test(f))
    .sort();
}
