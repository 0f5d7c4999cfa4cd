import { LmdiffError } from "../core/LmdiffError.js";

/**
 * A file-system failure as a one-line LmdiffError that says what to do: a
 * full disk or quota, a read-only or forbidden folder.  Other errors pass
 * through unchanged (they are not the user's to fix).
 */
export function fileError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOSPC" || code === "EDQUOT")
    return new LmdiffError(
      `no space left on the device while writing ${file}; free some space and run the same command again (finished work is kept)`,
      "disk-full",
      507,
    );
  if (code === "EROFS" || code === "EACCES" || code === "EPERM")
    return new LmdiffError(
      `cannot write ${file} (${code === "EROFS" ? "read-only file system" : "permission denied"}); choose another output`,
      "cannot-write",
      403,
    );
  return e;
}
