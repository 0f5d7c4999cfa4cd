import * as fs from "node:fs";
import { RecordBatchReader } from "apache-arrow";
import { LmdiffError } from "../core/LmdiffError.js";

/**
 * The schema metadata of an Arrow IPC file, read from its footer and schema
 * alone, without its record batches: a shard or a cache may be gigabytes,
 * and merging checks every shard's metadata before it reads any rows.
 * `kind` names what the file should be in the errors ("shard", "cache").
 */
export async function arrowMetadata(file: string, kind: string): Promise<Map<string, string>> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new LmdiffError(`no ${kind} at ${file}`, "not-found", 404);
    throw e;
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(6);
    const tail = Buffer.alloc(6);
    if (size >= 12) {
      await fh.read(head, 0, 6, 0);
      await fh.read(tail, 0, 6, size - 6);
    }
    // The same checks as AnalysisCache.open, from the two ends of the file.
    const magic = Buffer.from("ARROW1");
    if (!head.equals(magic)) throw new LmdiffError(`${file} is not an Arrow IPC file (not an lmdiff ${kind})`, "bad-cache");
    if (!tail.equals(magic)) throw new LmdiffError(`${file} is truncated (no Arrow footer); run its analysis again`, "bad-cache");
    try {
      const reader = await RecordBatchReader.from(fh);
      await reader.open();
      return reader.schema.metadata;
    } catch (e) {
      throw new LmdiffError(`${file} is corrupted (${(e as Error).message.split("\n")[0]}); run its analysis again`, "bad-cache");
    }
  } finally {
    await fh.close();
  }
}
