import { createHash, type Hash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { fileError } from "./fileError.js";
import { removeQuietly } from "./tempFiles.js";

/** Files this large keep their partial bytes when a download fails, for the next run to resume; smaller ones start over. */
export const RESUME_MIN_BYTES = 1 << 20;

/** An HTTP answer that is not the file: the caller turns it into a message that fits (not found, gated, …). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
  ) {
    super(`HTTP ${status}${errorCode ? ` ${errorCode}` : ""}`);
  }
}

export interface DownloadExpect {
  /** The content's identity (ETag); a partial file is only resumed for the same one. */
  etag?: string;
  size?: number;
  sha256?: string;
}

/**
 * Where the bytes of `target` go while they arrive: beside it, named after
 * the content's ETag, so that a partial file of an older version (the
 * repo changed since) is never resumed, only removed.  No ETag, no resume.
 */
export function partialPath(target: string, etag: string | undefined): string {
  return etag ? `${target}.${createHash("sha256").update(etag).digest("hex").slice(0, 16)}.partial` : `${target}.partial`;
}

const PARTIAL = /^(.*?)\.([0-9a-f]{16}\.)?partial$/;

/** Remove the partial files of `target` other than `keep`. */
function removeOtherPartials(target: string, keep: string): void {
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (PARTIAL.exec(n)?.[1] === path.basename(target) && path.join(dir, n) !== keep) removeQuietly(path.join(dir, n));
}

/** Feed a file's first `bytes` bytes to a hash (the part of a resumed download already on disk). */
async function hashFile(hash: Hash, file: string, bytes: number): Promise<void> {
  if (bytes === 0) return;
  for await (const chunk of fs.createReadStream(file, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
}

/** A body that stopped early (a cut connection): say so with the cause, which undici keeps apart. */
function describe(e: unknown): Error {
  const err = e as Error & { cause?: Error };
  if (err instanceof LmdiffError || !err?.cause?.message) return err;
  return new Error(`${err.message} (${err.cause.message})`);
}

/**
 * Download `url` to `target`, resumably and verified.  The bytes go to a
 * partial file (see partialPath) that a later call continues with an HTTP
 * Range request; a server that ignores the range sends the whole file,
 * which then replaces the partial bytes.  Once complete, the size is
 * checked when known and the sha256 when given: a mismatch removes the
 * partial file (resuming damaged bytes would never succeed) and fails.
 * Only a complete, checked file is renamed to `target`, so `target`
 * exists only whole.  A failed download of a large file keeps its partial
 * bytes; a small one (under RESUME_MIN_BYTES) leaves nothing.
 * `onProgress(bytes, total, resumedFrom)` follows the bytes on disk, resumed ones included.
 */
export async function downloadFile(o: {
  url: string;
  target: string;
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  expect: DownloadExpect;
  onProgress?: (bytes: number, total: number | undefined, resumedFrom: number) => void;
}): Promise<{ resumedFrom: number }> {
  const { target, expect } = o;
  const partial = partialPath(target, expect.etag);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (e) {
    throw fileError(e, target);
  }
  removeOtherPartials(target, partial);
  let offset = 0;
  if (expect.etag && fs.existsSync(partial)) offset = fs.statSync(partial).size;
  if (expect.size !== undefined && offset > expect.size) offset = 0;
  if (offset === 0) removeQuietly(partial);

  let total = expect.size;
  let resumedFrom = offset;
  const hash = expect.sha256 ? createHash("sha256") : undefined;
  if (offset === 0 || offset !== expect.size) {
    let res = await o.fetch(o.url, {
      headers: { ...o.headers, "Accept-Encoding": "identity", ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) },
    });
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
    if (offset > 0 && (res.status === 416 || (res.status === 206 && Number(range?.[1]) !== offset))) {
      // The server cannot continue where the partial file ends: start over.
      await res.body?.cancel();
      offset = 0;
      removeQuietly(partial);
      res = await o.fetch(o.url, { headers: { ...o.headers, "Accept-Encoding": "identity" } });
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status, res.headers.get("x-error-code") ?? undefined);
    }
    if (res.status === 200) offset = 0;
    resumedFrom = offset;
    const length = res.headers.get("content-length");
    if (total === undefined && res.status === 200 && length !== null) total = Number(length);
    if (total === undefined && range && range[2] !== "*") total = Number(range[2]);
    if (hash) await hashFile(hash, partial, offset);

    let fd: number;
    try {
      fd = fs.openSync(partial, offset > 0 ? "a" : "w");
    } catch (e) {
      throw fileError(e, target);
    }
    let bytes = offset;
    try {
      o.onProgress?.(bytes, total, resumedFrom);
      const reader = res.body?.getReader();
      for (;;) {
        const next = reader ? await reader.read() : undefined;
        if (!next || next.done) break;
        const b = next.value;
        fs.writeSync(fd, b);
        hash?.update(b);
        bytes += b.length;
        o.onProgress?.(bytes, total, resumedFrom);
      }
      fs.fsyncSync(fd);
    } catch (e) {
      fs.closeSync(fd);
      // A large file keeps what arrived, for the next run; a small one is not worth it.
      const keep = expect.etag !== undefined && (total ?? bytes) >= RESUME_MIN_BYTES && bytes > 0;
      if (!keep) removeQuietly(partial);
      const err = describe(e);
      if (keep && !(err instanceof LmdiffError)) throw new Error(`${err.message}; run again to resume from byte ${bytes}`, { cause: e });
      throw fileError(err, target);
    }
    fs.closeSync(fd);
  } else if (hash) await hashFile(hash, partial, offset);

  const size = fs.statSync(partial).size;
  if (total !== undefined && size !== total) {
    removeQuietly(partial);
    throw new LmdiffError(`got ${size} bytes instead of ${total} (the damaged download was removed; run again)`, "download-corrupt", 502);
  }
  const sha = hash?.digest("hex");
  if (sha !== undefined && sha !== expect.sha256) {
    removeQuietly(partial);
    throw new LmdiffError(
      `its sha256 is ${sha.slice(0, 12)}… but the hub says ${expect.sha256!.slice(0, 12)}… (the damaged download was removed; run again)`,
      "download-corrupt",
      502,
    );
  }
  try {
    fs.renameSync(partial, target);
  } catch (e) {
    throw fileError(e, target);
  }
  return { resumedFrom };
}
