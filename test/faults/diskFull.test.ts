/**
 * A full disk at every phase: while parts are written, while they are
 * merged, while compare writes its table, while preprocess writes its
 * project.  The disk is a small tmpfs (mounting needs root; the file is
 * skipped, saying so, where it cannot mount).  Each failure must be one
 * line that says what to do, leave no temporary file, and keep the
 * finished parts; after space is freed the same command completes with the
 * reference result.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { assertNoCrash, assertSameRows, corpusFile, lmdiff, strays, tempDir, type Finished } from "./faultKit.ts";

const dir = tempDir("disk");
const mnt = path.join(dir, "disk");
fs.mkdirSync(mnt);

function mount(bytes: number): void {
  const kb = Math.max(4, Math.ceil(bytes / 4096) * 4);
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kb}k`, "tmpfs", mnt], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr.trim() || r.error?.message}`);
}
function unmount(): void {
  spawnSync("umount", [mnt]);
}
/** Grow the disk in place, keeping what is on it (as a user who frees space would). */
function grow(bytes: number): void {
  const kb = Math.ceil(bytes / 4096) * 4;
  const r = spawnSync("mount", ["-o", `remount,size=${kb}k`, mnt], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

const canMount = (() => {
  try {
    mount(8192);
    unmount();
    return true;
  } catch {
    return false;
  }
})();
const skip = canMount
  ? false
  : "cannot mount a tmpfs here (needs root in a machine that allows mounts); the full-disk faults are not tried";

let corpus = "";
let reference = "";
let cacheBytes = 0;
before(() => {
  if (!canMount) return;
  corpus = corpusFile(dir, 500);
  reference = path.join(dir, "reference.arrow");
  const r = lmdiff(dir, ["analyze", "tiny-en-distil", corpus, "-o", reference, "--workers", "0"]);
  assert.equal(r.code, 0, r.err);
  cacheBytes = fs.statSync(reference).size;
});
after(() => {
  if (canMount) unmount();
});

function assertDiskFullError(r: Finished): void {
  assert.equal(r.code, 1, `exit 1, got ${r.code}: ${r.err}`);
  assertNoCrash(r);
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${r.err}`);
  assert.match(lines[0], /^lmdiff: no space left on the device while writing .*; free some space and run the same command again/);
  assert.deepEqual(
    strays(mnt).filter((f) => !f.endsWith(".partial")),
    [],
    "no temporary or lock file is left on the full disk",
  );
}

/** Free space (grow the disk), rerun the same analysis: it must complete with the reference rows and leave nothing behind. */
function rerunWithRoom(out: string): void {
  grow(cacheBytes * 4);
  const again = lmdiff(dir, analyzeArgs(out));
  assert.equal(again.code, 0, again.err);
  assertSameRows(out, reference);
  assert.deepEqual(strays(mnt), []);
}

const analyzeArgs = (out: string) => ["analyze", "tiny-en-distil", corpus, "-o", out, "--workers", "0"];

test(
  "a disk that fills while parts are written: one-line error, finished parts kept, the rerun after freeing space completes",
  { skip },
  () => {
    mount(cacheBytes * 0.45);
    try {
      const out = path.join(mnt, "parts.arrow");
      assertDiskFullError(lmdiff(dir, analyzeArgs(out)));
      const parts = fs.readdirSync(`${out}.partial`).filter((f) => f.startsWith("part-"));
      assert.ok(parts.length >= 1, "the parts finished before the disk filled are kept");
      rerunWithRoom(out);
    } finally {
      unmount();
    }
  },
);

test("a disk that fills while the parts are merged: one-line error, no half-merged file, the rerun completes", { skip }, () => {
  // Room for every part but not for a second copy of them all.
  mount(cacheBytes * 1.5);
  try {
    const out = path.join(mnt, "merge.arrow");
    assertDiskFullError(lmdiff(dir, analyzeArgs(out)));
    assert.ok(!fs.existsSync(out), "no output after a failed merge");
    const last = fs
      .readdirSync(`${out}.partial`)
      .filter((f) => f.startsWith("part-"))
      .sort()
      .pop()!;
    assert.match(last, /-000000500\.arrow$/, "every part was written: the disk filled during the merge");
    rerunWithRoom(out);
  } finally {
    unmount();
  }
});

test(
  "a full disk under compare -o and preprocess: one-line errors, no temporary file, and both complete once there is room",
  { skip },
  () => {
    const other = path.join(dir, "other.arrow");
    assert.equal(lmdiff(dir, ["analyze", "tiny-en", corpus, "-o", other, "--workers", "0"]).code, 0);
    mount(8192);
    try {
      const results = path.join(mnt, "results.parquet");
      assertDiskFullError(lmdiff(dir, ["compare", reference, other, "-o", results]));
      assert.ok(!fs.existsSync(results));
      const project = path.join(mnt, "project");
      assertDiskFullError(
        lmdiff(dir, ["preprocess", "all", "tiny-en", "tiny-en-distil", corpus, "--output-dir", project, "--workers", "0"]),
      );
      grow(cacheBytes * 8);
      const c = lmdiff(dir, ["compare", reference, other, "-o", results]);
      assert.equal(c.code, 0, c.err);
      const p = lmdiff(dir, ["preprocess", "all", "tiny-en", "tiny-en-distil", corpus, "--output-dir", project, "--workers", "0"]);
      assert.equal(p.code, 0, p.err);
      assert.ok(fs.existsSync(path.join(project, "lmdiff.json")));
      assert.deepEqual(strays(mnt), []);
    } finally {
      unmount();
    }
  },
);
