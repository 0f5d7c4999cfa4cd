import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Write a file atomically: to a temporary name in the same folder, fsync,
 * then rename over the target.  A reader (or a killed writer) never sees a
 * half-written file.
 */
export function atomicWriteFileSync(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
