import * as fs from "node:fs";
import * as path from "node:path";
import { fileError } from "./fileError.js";
import { removeQuietly, removeStaleTemps, tempPath } from "./tempFiles.js";

/**
 * Write a file atomically: to a temporary name in the same folder, fsync,
 * then rename over the target.  A reader (or a killed writer) never sees a
 * half-written file.  On any failure (a full disk, a read-only folder) the
 * temporary file is removed before the error propagates, so a failed write
 * leaves the disk as it found it; temporary files of killed earlier runs
 * are removed first.
 */
export function atomicWriteFileSync(file: string, data: string | Uint8Array): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (e) {
    throw fileError(e, file);
  }
  removeStaleTemps(file);
  const tmp = tempPath(file);
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    removeQuietly(tmp);
    throw fileError(e, file);
  }
}
