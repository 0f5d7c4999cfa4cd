import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { fileError } from "./fileError.js";
import { processAlive } from "./processAlive.js";

/** Who holds a lock: written into the lock file as JSON. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface LockOptions {
  /** Stop waiting when this fires (the wait rejects with a `cancelled` LmdiffError). */
  signal?: AbortSignal;
  /** Called once when the output is found locked by another live run, before waiting for it. */
  onWait?: (holder: LockHolder, lockFile: string) => void;
  /** How often to look again while waiting (ms). */
  pollMs?: number;
}

/** A lock file younger than this whose content cannot be read yet is being written by its creator. */
const FRESH_MS = 5_000;

/**
 * Exclusive ownership of an output file while it is written, so that two
 * runs writing the same output (two `lmdiff analyze -o X` started together,
 * two notebook cells) never interleave: the second waits for the first and
 * then finds its finished work.
 *
 * The lock is a file `OUTPUT.lock` created with O_EXCL and holding the
 * owner's pid and host.  A lock whose owner no longer runs on this host (a
 * kill -9) is stale and is broken at once; there is no time-based expiry,
 * because a long synchronous step would otherwise let a second writer in.
 * Why not proper-lockfile: it detects stale locks by mtime, so a rerun after
 * a kill waits its whole staleness period, and a busy event loop that misses
 * an mtime refresh would count a live writer as dead.
 *
 * On another host (a shared file system) liveness cannot be checked: the
 * wait message names the holder, and the user removes a dead one's lock.
 */
export class OutputLock {
  private released = false;
  private readonly onExit = () => this.releaseSync();

  private constructor(
    readonly file: string,
    private readonly token: string,
  ) {
    // A process that exits without releasing (process.exit in a CLI) still
    // frees the output; only a kill leaves a lock, which is then stale.
    process.once("exit", this.onExit);
  }

  /** Take the lock of `output`, waiting while another live run holds it. */
  static async acquire(output: string, opts: LockOptions = {}): Promise<OutputLock> {
    const file = `${output}.lock`;
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    } catch (e) {
      throw fileError(e, output);
    }
    const me: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
    const token = JSON.stringify(me);
    let told = false;
    for (;;) {
      if (opts.signal?.aborted) throw new LmdiffError("cancelled while waiting for another run to finish its output", "cancelled", 499);
      if (tryCreate(file, token)) return new OutputLock(file, token);
      const holder = readHolder(file);
      if (holder === "gone") continue;
      if (holder !== "unreadable" && holder.host === me.host && !processAlive(holder.pid)) {
        breakStale(file, holder);
        continue;
      }
      if (holder === "unreadable" && ageMs(file) > FRESH_MS) {
        // Its creator died between creating and writing it.
        breakStale(file, null);
        continue;
      }
      if (!told && holder !== "unreadable") {
        told = true;
        opts.onWait?.(holder, file);
      }
      await delay(opts.pollMs ?? 200, opts.signal);
    }
  }

  /** Give the output up (idempotent). */
  release(): void {
    this.releaseSync();
  }

  private releaseSync(): void {
    if (this.released) return;
    this.released = true;
    process.off("exit", this.onExit);
    try {
      // Only our own lock: never remove one that another run took after a stale break.
      if (fs.readFileSync(this.file, "utf8") === this.token) fs.rmSync(this.file, { force: true });
    } catch {
      // Already gone.
    }
  }
}

function tryCreate(file: string, token: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw fileError(e, file);
  }
  try {
    fs.writeSync(fd, token);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw fileError(e, file);
  }
  fs.closeSync(fd);
  return true;
}

function readHolder(file: string): LockHolder | "gone" | "unreadable" {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw fileError(e, file);
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    if (Number.isInteger(h.pid) && typeof h.host === "string") return h;
  } catch {
    // Half-written or foreign content.
  }
  return "unreadable";
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Remove a stale lock.  Two runs may find the same stale lock at once; the
 * one that takes `LOCK.break` (O_EXCL) removes it after checking that it is
 * still the stale one, so a fresh lock taken meanwhile is never removed.
 */
function breakStale(file: string, holder: LockHolder | null): void {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker, String(process.pid))) {
    // Another run is breaking it; a breaker killed mid-way leaves an old file.
    if (ageMs(breaker) > FRESH_MS) fs.rmSync(breaker, { force: true });
    return;
  }
  try {
    const now = readHolder(file);
    const same =
      holder === null
        ? now === "unreadable"
        : now !== "gone" && now !== "unreadable" && now.pid === holder.pid && now.since === holder.since;
    if (same) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
