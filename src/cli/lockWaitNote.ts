import type { LockHolder } from "../engine/OutputLock.js";

/** The note on stderr when another run is writing the same output and this one waits for it. */
export function lockWaitNote(quiet: boolean): (holder: LockHolder, lockFile: string) => void {
  return (holder, lockFile) => {
    if (quiet) return;
    process.stderr.write(
      `lmdiff: waiting for another lmdiff run (pid ${holder.pid} on ${holder.host}) that is writing the same output; if no such run is alive, delete ${lockFile}\n`,
    );
  };
}
